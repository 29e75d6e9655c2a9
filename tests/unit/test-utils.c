/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Small parsers of utils.c.  */
#include "config.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

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

/* read_all_fd on a sparse memfd: exactly LC_READ_MAX bytes is read, one
   more is an error, and the buffer never grows past the limit's.  */
static void
test_read_all_fd_bound (void)
{
  for (int extra = 0; extra <= 1; extra++)
    {
      int fd = memfd_create ("bound", MFD_CLOEXEC);
      char *buf = NULL;
      size_t len = 0;
      lc_error_t e = NULL;
      int ret;

      if (fd < 0 || ftruncate (fd, (off_t) LC_READ_MAX + extra) < 0)
        {
          ok (0, "memfd of %d MiB + %d", LC_READ_MAX >> 20, extra);
          continue;
        }
      ret = read_all_fd (fd, "memfd", &buf, &len, &e);
      if (extra == 0)
        ok (ret == 0 && len == (size_t) LC_READ_MAX, "exactly the limit is read (%zu)", len);
      else
        ok (ret < 0 && e && strstr (e->msg, "larger than"), "one byte over is refused: %s",
            e ? e->msg : "(no error)");
      lc_error_free (&e);
      free (buf);
      close (fd);
    }
}

int
main (void)
{
  test_go_duration ();
  test_read_all_fd_bound ();
  return tap_done ();
}
