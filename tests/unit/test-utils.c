/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Small parsers of utils.c.  */
#include "config.h"
#include <stdint.h>
#include <string.h>

#include "tap.h"
#include "utils.h"

/* Go's time.ParseDuration, the form of runc's `events --interval`; the
   expectations are Go's own results.  */
static void
test_go_duration (void)
{
  static const struct
  {
    const char *in;
    int ret;
    uint64_t ns;
  } cases[] = {
    { "0", 0, 0 },
    { "5s", 0, 5000000000ULL },
    { "100ms", 0, 100000000ULL },
    { "1.5s", 0, 1500000000ULL },
    { "2m", 0, 120000000000ULL },
    { "1h30m", 0, 5400000000000ULL },
    { "300us", 0, 300000ULL },
    { "300\u00b5s", 0, 300000ULL },
    { "7ns", 0, 7 },
    { ".5s", 0, 500000000ULL },
    { "1.s", 0, 1000000000ULL },
    { "1h1m1s1ms", 0, 3661001000000ULL },
    { "0.000000001s", 0, 1 },
    { "2562047h47m16.854775807s", 0, INT64_MAX },
    { "2562047h47m16.854775808s", -1, 0 },
    { "99999999999999999999s", -1, 0 },
    { "", -1, 0 },
    { "5", -1, 0 },
    { "s", -1, 0 },
    { ".s", -1, 0 },
    { "5x", -1, 0 },
    { "1.5.s", -1, 0 },
    { "-1s", -1, 0 },
    { "+1s", -1, 0 },
    { "1h30", -1, 0 },
    { "1 s", -1, 0 },
  };

  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    {
      uint64_t ns = 0;
      int ret = parse_go_duration (cases[i].in, &ns);
      ok ((ret < 0 ? -1 : 0) == cases[i].ret && (ret < 0 || ns == cases[i].ns),
          "parse_go_duration(\"%s\") = %d, %llu", cases[i].in, ret, (unsigned long long) ns);
    }
  ok (parse_go_duration (NULL, &(uint64_t){ 0 }) < 0, "NULL is refused");
}

int
main (void)
{
  test_go_duration ();
  return tap_done ();
}
