/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "syscalls.h"
#include "utils.h"

void
cleanup_freep (void *p)
{
  void **pp = (void **) p;
  free (*pp);
  *pp = NULL;
}

void
cleanup_closep (int *fd)
{
  if (*fd >= 0)
    {
      int saved = errno;
      close (*fd);
      errno = saved;
    }
  *fd = -1;
}

void
cleanup_strvp (char ***strv)
{
  strv_free (*strv);
  *strv = NULL;
}

void
cleanup_pidp (pid_t *pid)
{
  if (*pid > 0)
    {
      int saved = errno;
      kill (*pid, SIGKILL);
      TEMP_FAILURE_RETRY_INT (waitpid (*pid, NULL, 0));
      errno = saved;
    }
  *pid = -1;
}

void *
xmalloc (size_t size)
{
  void *p = malloc (size ? size : 1);
  if (p == NULL)
    abort ();
  return p;
}

void *
xzalloc (size_t size)
{
  void *p = calloc (1, size ? size : 1);
  if (p == NULL)
    abort ();
  return p;
}

void *
xrealloc (void *p, size_t size)
{
  p = realloc (p, size ? size : 1);
  if (p == NULL)
    abort ();
  return p;
}

void *
xreallocarray (void *p, size_t n, size_t size)
{
  if (size && n > SIZE_MAX / size)
    abort ();
  return xrealloc (p, n * size);
}

char *
xstrdup (const char *s)
{
  char *r;
  if (s == NULL)
    return NULL;
  r = strdup (s);
  if (r == NULL)
    abort ();
  return r;
}

char *
xstrndup (const char *s, size_t n)
{
  char *r = strndup (s, n);
  if (r == NULL)
    abort ();
  return r;
}

int
xasprintf (char **out, const char *fmt, ...)
{
  va_list ap;
  int ret;

  va_start (ap, fmt);
  ret = vasprintf (out, fmt, ap);
  va_end (ap);
  if (ret < 0)
    abort ();
  return ret;
}

size_t
strv_len (char *const *v)
{
  size_t n = 0;
  if (v)
    while (v[n])
      n++;
  return n;
}

void
strv_free (char **v)
{
  if (v == NULL)
    return;
  for (char **p = v; *p; p++)
    free (*p);
  free (v);
}

char **
strv_dup (char *const *v)
{
  size_t n = strv_len (v);
  char **r = xzalloc ((n + 1) * sizeof (char *));
  for (size_t i = 0; i < n; i++)
    r[i] = xstrdup (v[i]);
  return r;
}

int
write_all (int fd, const void *buf, size_t len, lc_error_t *err)
{
  const char *p = buf;
  while (len > 0)
    {
      ssize_t r = write (fd, p, len);
      if (r < 0)
        {
          if (errno == EINTR)
            continue;
          return lc_error (err, errno, "write");
        }
      p += r;
      len -= (size_t) r;
    }
  return 0;
}

int
read_all_fd (int fd, const char *what, char **out, size_t *len, lc_error_t *err)
{
  size_t alloc = 4096, used = 0;
  cleanup_free char *buf = xmalloc (alloc);

  for (;;)
    {
      ssize_t r;
      /* Bounded, so that stdin or a device that never ends is an error,
         not a buffer grown until malloc fails: room for one byte more
         than the limit tells "exactly at" from "over".  */
      if (used + 1 >= alloc)
        {
          if (used > LC_READ_MAX)
            return lc_error (err, 0, "`%s` is larger than %d MiB", what, LC_READ_MAX >> 20);
          alloc = alloc * 2 < (size_t) LC_READ_MAX + 2 ? alloc * 2 : (size_t) LC_READ_MAX + 2;
          buf = xrealloc (buf, alloc);
        }
      r = read (fd, buf + used, alloc - used - 1);
      if (r < 0)
        {
          if (errno == EINTR)
            continue;
          return lc_error (err, errno, "read `%s`", what);
        }
      if (r == 0)
        break;
      used += (size_t) r;
    }
  buf[used] = '\0';
  if (len)
    *len = used;
  *out = steal_pointer (&buf);
  return 0;
}

int
read_file_at (int dirfd, const char *path, char **out, size_t *len, lc_error_t *err)
{
  cleanup_close int fd = openat (dirfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0)
    return lc_error (err, errno, "open `%s`", path);
  return read_all_fd (fd, path, out, len, err);
}

/* A FIFO would hang the read (and O_NONBLOCK keeps the open from waiting
   for a writer), a device like /dev/zero would never end it, a directory
   fails only at read with a bare EISDIR: refuse them all by name first.  */
int
read_regular_file_at (int dirfd, const char *path, char **out, size_t *len, lc_error_t *err)
{
  cleanup_close int fd = openat (dirfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  struct stat st;

  if (fd < 0)
    return lc_error (err, errno, "open `%s`", path);
  if (fstat (fd, &st) < 0)
    return lc_error (err, errno, "fstat `%s`", path);
  if (!S_ISREG (st.st_mode))
    return lc_error (err, 0, "`%s` is not a regular file", path);
  if (st.st_size > LC_READ_MAX)
    return lc_error (err, 0, "`%s` is larger than %d MiB", path, LC_READ_MAX >> 20);
  return read_all_fd (fd, path, out, len, err);
}

/* A closed fd would otherwise pass silently (or, reused by one of moat's
   own files by then, leak that file into the container).  */
int
check_preserved_fds (int n, lc_error_t *err)
{
  for (int fd = 3; fd - 3 < n; fd++)
    {
      int flags = fcntl (fd, F_GETFD);
      if (flags < 0 || (flags & FD_CLOEXEC))
        return lc_error (err, flags < 0 ? errno : 0, "--preserve-fds %d: fd %d is not open%s",
                         n, fd, flags < 0 ? "" : " (not inherited: close-on-exec)");
    }
  return 0;
}

int
write_file_at (int dirfd, const char *path, const void *buf, size_t len, lc_error_t *err)
{
  cleanup_close int fd = openat (dirfd, path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0)
    return lc_error (err, errno, "open `%s`", path);
  if (write_all (fd, buf, len, err) < 0)
    return lc_error_wrap (err, "write `%s`", path);
  return 0;
}

int
write_file_atomic_at (int dirfd, const char *name, const void *buf, size_t len,
                      mode_t mode, lc_error_t *err)
{
  cleanup_free char *tmp = NULL;
  cleanup_close int fd = -1;

  xasprintf (&tmp, "%s.tmp", name);
  fd = openat (dirfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode);
  if (fd < 0)
    return lc_error (err, errno, "open `%s`", tmp);
  if (write_all (fd, buf, len, err) < 0)
    {
      unlinkat (dirfd, tmp, 0);
      return lc_error_wrap (err, "write `%s`", tmp);
    }
  if (renameat (dirfd, tmp, dirfd, name) < 0)
    {
      int saved = errno;
      unlinkat (dirfd, tmp, 0);
      return lc_error (err, saved, "rename `%s` to `%s`", tmp, name);
    }
  return 0;
}

int
parse_int64 (const char *s, int64_t *out)
{
  char *end;
  long long v;

  if (s == NULL || *s == '\0')
    return -1;
  errno = 0;
  v = strtoll (s, &end, 10);
  if (errno != 0 || *end != '\0')
    return -1;
  *out = v;
  return 0;
}

int
parse_uint64 (const char *s, uint64_t *out)
{
  char *end;
  unsigned long long v;

  if (s == NULL || *s < '0' || *s > '9')
    return -1;
  errno = 0;
  v = strtoull (s, &end, 10);
  if (errno != 0 || *end != '\0')
    return -1;
  *out = v;
  return 0;
}

static const struct
{
  const char *name;
  uint64_t ns;
} duration_units[] = {
  { "ns", 1 },           { "us", 1000 },           { "\u00b5s", 1000 } /* micro sign */,
  { "\u03bcs", 1000 } /* mu */, { "ms", 1000000 },  { "s", 1000000000ULL },
  { "m", 60000000000ULL }, { "h", 3600000000000ULL },
};

/* One "<decimal><unit>" of a duration, added to *total; *s moves past it.  */
static int
duration_term (const char **s, unsigned __int128 *total)
{
  const char *p = *s, *unit;
  unsigned __int128 whole = 0, frac = 0, scale = 1;
  size_t ulen, i;
  bool digits = false;

  for (; *p >= '0' && *p <= '9' && whole <= INT64_MAX; p++, digits = true)
    whole = whole * 10 + (unsigned) (*p - '0');
  if (*p == '.')
    for (p++; *p >= '0' && *p <= '9'; p++, digits = true)
      if (scale < 1000000000000000000ULL) /* finer than 1e-18 cannot matter */
        frac = frac * 10 + (unsigned) (*p - '0'), scale *= 10;
  if (!digits || whole > INT64_MAX)
    return -1;
  for (unit = p; *p && *p != '.' && (*p < '0' || *p > '9'); p++)
    ;
  ulen = (size_t) (p - unit);
  for (i = 0; i < ARRAY_SIZE (duration_units); i++)
    if (strlen (duration_units[i].name) == ulen && memcmp (unit, duration_units[i].name, ulen) == 0)
      break;
  if (i == ARRAY_SIZE (duration_units))
    return -1;
  *total += whole * duration_units[i].ns + frac * duration_units[i].ns / scale;
  *s = p;
  return 0;
}

int
parse_go_duration (const char *s, uint64_t *ns)
{
  unsigned __int128 total = 0;

  if (s == NULL || *s == '\0')
    return -1;
  if (strcmp (s, "0") == 0)
    {
      *ns = 0;
      return 0;
    }
  while (*s)
    if (duration_term (&s, &total) < 0 || total > INT64_MAX)
      return -1;
  *ns = (uint64_t) total;
  return 0;
}

int
proc_stat_state (pid_t pid, char *state, uint64_t *start_time)
{
  char path[64], buf[1024];
  cleanup_close int fd = -1;
  ssize_t n;
  char *p;
  int field;

  snprintf (path, sizeof path, "/proc/%d/stat", (int) pid);
  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return -1;
  n = read (fd, buf, sizeof buf - 1);
  if (n <= 0)
    return -1;
  buf[n] = '\0';
  /* comm may hold spaces and parentheses: skip to the last ')'.  */
  p = strrchr (buf, ')');
  if (p == NULL || p[1] != ' ' || p[2] == '\0')
    {
      errno = EINVAL;
      return -1;
    }
  /* p + 2 is field 3 (state); field 22 is starttime.  */
  p += 2;
  if (state)
    *state = *p;
  for (field = 3; field < 22 && p; field++)
    {
      p = strchr (p, ' ');
      if (p)
        p++;
    }
  if (p == NULL)
    {
      errno = EINVAL;
      return -1;
    }
  *start_time = strtoull (p, NULL, 10);
  return 0;
}

int
proc_start_time (pid_t pid, uint64_t *start_time)
{
  return proc_stat_state (pid, NULL, start_time);
}

static int
cmp_int (const void *a, const void *b)
{
  int x = *(const int *) a, y = *(const int *) b;
  return (x > y) - (x < y);
}

int
close_fds_except (int from, const int *keep, size_t n, lc_error_t *err)
{
  int sorted[16];
  size_t k = 0;
  unsigned int lo = (unsigned int) from;

  if (n > ARRAY_SIZE (sorted))
    return lc_error (err, EINVAL, "close_fds_except: too many fds to keep");
  for (size_t i = 0; i < n; i++)
    if (keep[i] >= from)
      sorted[k++] = keep[i];
  qsort (sorted, k, sizeof *sorted, cmp_int);
  for (size_t i = 0; i <= k; i++)
    {
      unsigned int hi = i < k ? (unsigned int) sorted[i] : ~0U;
      if (hi > lo && sys_close_range (lo, hi - (i < k ? 1 : 0), 0) < 0)
        return lc_error (err, errno, "close_range %u-%u", lo, hi);
      if (i < k)
        lo = (unsigned int) sorted[i] + 1;
    }
  return 0;
}

#ifdef LC_FAULT_INJECTION
void
lc_fault (const char *fmt, ...)
{
  const char *want = getenv ("MOAT_FAULT");
  char step[128];
  va_list ap;

  if (want == NULL)
    return;
  va_start (ap, fmt);
  vsnprintf (step, sizeof step, fmt, ap);
  va_end (ap);
  if (strcmp (want, step) == 0)
    kill (getpid (), SIGKILL);
}
#endif

/* `word` is one of the space- or newline-separated words of `list`.  */
bool
word_in_list (const char *list, const char *word)
{
  size_t n = strlen (word);
  const char *p = list;

  while ((p = strstr (p, word)))
    {
      if ((p == list || p[-1] == ' ' || p[-1] == '\n') && (p[n] == ' ' || p[n] == '\n'
                                                           || p[n] == '\0'))
        return true;
      p += n;
    }
  return false;
}

char *
strv_join (char *const *v, const char *sep)
{
  char *out = xstrdup ("");

  for (size_t i = 0; v && v[i]; i++)
    {
      char *next;

      xasprintf (&next, "%s%s%s", out, i ? sep : "", v[i]);
      free (out);
      out = next;
    }
  return out;
}
