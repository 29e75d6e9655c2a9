/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Library logging.  The library never prints on its own: it calls the
   handler the CLI installs (text or JSON lines, to stderr or --log).
   Warnings that are not fatal end with ", ignoring".  */
#ifndef LC_LOG_H
#define LC_LOG_H

enum lc_log_level
{
  LC_LOG_ERROR,
  LC_LOG_WARNING,
  LC_LOG_INFO,
  LC_LOG_DEBUG,
};

typedef void (*lc_log_handler_t) (enum lc_log_level level, const char *msg);

void lc_log_set_handler (lc_log_handler_t handler, enum lc_log_level max_level);
enum lc_log_level lc_log_max_level (void);
void lc_log (enum lc_log_level level, const char *fmt, ...)
  __attribute__ ((format (printf, 2, 3)));

#define lc_warn(...) lc_log (LC_LOG_WARNING, __VA_ARGS__)
#define lc_debug(...)                                   \
  do                                                    \
    {                                                   \
      if (lc_log_max_level () >= LC_LOG_DEBUG)          \
        lc_log (LC_LOG_DEBUG, __VA_ARGS__);             \
    }                                                   \
  while (0)

#endif
