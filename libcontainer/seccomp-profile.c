/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The default linux.seccomp of `moat spec`, in the manner of podman's
 * (containers-common) and Docker's default profiles: an allow-list of
 * syscalls, everything else refused.
 *
 * The default action answers ENOSYS, not EPERM: a syscall newer than this
 * table then looks "not implemented" and libc falls back to the older one
 * (clone3 -> clone, faccessat2 -> faccessat), which is why podman does the
 * same.  Syscalls that are known and dangerous are refused with EPERM by
 * an explicit rule, so a program sees "not permitted" for them.
 *
 * This file writes JSON only; libseccomp is not needed here (seccomp.c
 * compiles whatever config.json finally says).
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <yajl/yajl_gen.h>

#include "seccomp.h"
#include "utils.h"

/* Allowed without conditions.  */
static const char *const allowed_syscalls[] = {
  "_llseek", "_newselect", "accept", "accept4", "access", "adjtimex", "alarm", "arch_prctl",
  "bind", "brk", "cachestat", "capget", "capset", "chdir", "chmod", "chown", "chown32",
  "clock_adjtime", "clock_adjtime64", "clock_getres", "clock_getres_time64", "clock_gettime",
  "clock_gettime64", "clock_nanosleep", "clock_nanosleep_time64", "close", "close_range",
  "connect", "copy_file_range", "creat", "dup", "dup2", "dup3", "epoll_create", "epoll_create1",
  "epoll_ctl", "epoll_ctl_old", "epoll_pwait", "epoll_pwait2", "epoll_wait", "epoll_wait_old",
  "eventfd", "eventfd2", "execve", "execveat", "exit", "exit_group", "faccessat", "faccessat2",
  "fadvise64", "fadvise64_64", "fallocate", "fanotify_mark", "fchdir", "fchmod", "fchmodat",
  "fchmodat2", "fchown", "fchown32", "fchownat", "fcntl", "fcntl64", "fdatasync", "fgetxattr",
  "flistxattr", "flock", "fork", "fremovexattr", "fsetxattr", "fstat", "fstat64", "fstatat64",
  "fstatfs", "fstatfs64", "fsync", "ftruncate", "ftruncate64", "futex", "futex_requeue",
  "futex_time64", "futex_wait", "futex_waitv", "futex_wake", "futimesat", "get_mempolicy",
  "get_robust_list", "get_thread_area", "getcpu", "getcwd", "getdents", "getdents64", "getegid",
  "getegid32", "geteuid", "geteuid32", "getgid", "getgid32", "getgroups", "getgroups32",
  "getitimer", "getpeername", "getpgid", "getpgrp", "getpid", "getppid", "getpriority",
  "getrandom", "getresgid", "getresgid32", "getresuid", "getresuid32", "getrlimit", "getrusage",
  "getsid", "getsockname", "getsockopt", "gettid", "gettimeofday", "getuid", "getuid32",
  "getxattr", "getxattrat", "inotify_add_watch", "inotify_init", "inotify_init1",
  "inotify_rm_watch", "io_cancel", "io_destroy", "io_getevents", "io_pgetevents",
  "io_pgetevents_time64", "io_setup", "io_submit", "ioctl", "ioprio_get", "ioprio_set", "ipc",
  "kill", "landlock_add_rule", "landlock_create_ruleset", "landlock_restrict_self", "lchown",
  "lchown32", "lgetxattr", "link", "linkat", "listen", "listmount", "listxattr", "listxattrat",
  "llistxattr", "lremovexattr", "lseek", "lsetxattr", "lstat", "lstat64", "madvise",
  "map_shadow_stack", "membarrier", "memfd_create", "memfd_secret", "mincore", "mkdir",
  "mkdirat", "mknod", "mknodat", "mlock", "mlock2", "mlockall", "mmap", "mmap2", "modify_ldt",
  "mprotect", "mq_getsetattr", "mq_notify", "mq_open", "mq_timedreceive",
  "mq_timedreceive_time64", "mq_timedsend", "mq_timedsend_time64", "mq_unlink", "mremap",
  "mseal", "msgctl", "msgget", "msgrcv", "msgsnd", "msync", "munlock", "munlockall", "munmap",
  "name_to_handle_at", "nanosleep", "newfstatat", "open", "openat", "openat2", "pause",
  "pidfd_getfd", "pidfd_open", "pidfd_send_signal", "pipe", "pipe2", "pkey_alloc", "pkey_free",
  "pkey_mprotect", "poll", "ppoll", "ppoll_time64", "prctl", "pread64", "preadv", "preadv2",
  "prlimit64", "process_mrelease", "process_vm_readv", "process_vm_writev", "pselect6",
  "pselect6_time64", "ptrace", "pwrite64", "pwritev", "pwritev2", "read", "readahead",
  "readlink", "readlinkat", "readv", "recv", "recvfrom", "recvmmsg", "recvmmsg_time64",
  "recvmsg", "remap_file_pages", "removexattr", "removexattrat", "rename", "renameat",
  "renameat2", "restart_syscall", "riscv_flush_icache", "rmdir", "rseq", "rt_sigaction",
  "rt_sigpending", "rt_sigprocmask", "rt_sigqueueinfo", "rt_sigreturn", "rt_sigsuspend",
  "rt_sigtimedwait", "rt_sigtimedwait_time64", "rt_tgsigqueueinfo", "sched_get_priority_max",
  "sched_get_priority_min", "sched_getaffinity", "sched_getattr", "sched_getparam",
  "sched_getscheduler", "sched_rr_get_interval", "sched_rr_get_interval_time64",
  "sched_setaffinity", "sched_setattr", "sched_setparam", "sched_setscheduler", "sched_yield",
  "seccomp", "select", "semctl", "semget", "semop", "semtimedop", "semtimedop_time64", "send",
  "sendfile", "sendfile64", "sendmmsg", "sendmsg", "sendto", "set_robust_list",
  "set_thread_area", "set_tid_address", "setfsgid", "setfsgid32", "setfsuid", "setfsuid32",
  "setgid", "setgid32", "setgroups", "setgroups32", "setitimer", "setpgid", "setpriority",
  "setregid", "setregid32", "setresgid", "setresgid32", "setresuid", "setresuid32", "setreuid",
  "setreuid32", "setrlimit", "setsid", "setsockopt", "setuid", "setuid32", "setxattr",
  "setxattrat", "shmat", "shmctl", "shmdt", "shmget", "shutdown", "sigaltstack", "signalfd",
  "signalfd4", "sigpending", "sigprocmask", "sigreturn", "socketcall", "socketpair", "splice",
  "stat", "stat64", "statfs", "statfs64", "statmount", "statx", "symlink", "symlinkat", "sync",
  "sync_file_range", "syncfs", "sysinfo", "tee", "tgkill", "time", "timer_create",
  "timer_delete", "timer_getoverrun", "timer_gettime", "timer_gettime64", "timer_settime",
  "timer_settime64", "timerfd_create", "timerfd_gettime", "timerfd_gettime64",
  "timerfd_settime", "timerfd_settime64", "times", "tkill", "truncate", "truncate64",
  "ugetrlimit", "umask", "uname", "unlink", "unlinkat", "utime", "utimensat",
  "utimensat_time64", "utimes", "vfork", "vmsplice", "wait4", "waitid", "waitpid", "write",
  "writev"
};

/* Refused with EPERM: privileged or host-wide operations.  */
static const char *const eperm_syscalls[] = {
  "_sysctl", "acct", "add_key", "bdflush", "bpf", "chroot", "clock_settime", "clock_settime64",
  "create_module", "delete_module", "fanotify_init", "finit_module", "fsconfig", "fsmount",
  "fsopen", "fspick", "get_kernel_syms", "init_module", "io_uring_enter", "io_uring_register",
  "io_uring_setup", "ioperm", "iopl", "kcmp", "kexec_file_load", "kexec_load", "keyctl",
  "lookup_dcookie", "mbind", "migrate_pages", "mount", "mount_setattr", "move_mount",
  "move_pages", "nfsservctl", "open_by_handle_at", "open_tree", "pciconfig_iobase",
  "pciconfig_read", "pciconfig_write", "perf_event_open", "pivot_root", "query_module",
  "quotactl", "quotactl_fd", "reboot", "request_key", "set_mempolicy", "setdomainname",
  "sethostname", "setns", "settimeofday", "stime", "swapoff", "swapon", "sysfs", "syslog",
  "umount", "umount2", "unshare", "uselib", "userfaultfd", "ustat", "vhangup", "vm86", "vm86old"
};

/* Rules with argument conditions: one row per rule.  */
struct profile_arg
{
  unsigned index;
  uint64_t value;
  uint64_t value_two;
  const char *op;
};

#define CLONE_NS_FLAGS 0x7E020000ULL /* NEWNS|NEWCGROUP|NEWUTS|NEWIPC|NEWUSER|NEWPID|NEWNET */
#define AF_VSOCK_ 40

static const struct
{
  const char *name;
  const char *action;
  int errno_ret; /* 0: none */
  struct profile_arg arg;
  bool has_arg;
} conditional_rules[] = {
  /* personality: only the harmless execution domains Docker allows.  */
  { "personality", "SCMP_ACT_ALLOW", 0, { 0, 0x0, 0, "SCMP_CMP_EQ" }, true },
  { "personality", "SCMP_ACT_ALLOW", 0, { 0, 0x0008, 0, "SCMP_CMP_EQ" }, true },
  { "personality", "SCMP_ACT_ALLOW", 0, { 0, 0x20000, 0, "SCMP_CMP_EQ" }, true },
  { "personality", "SCMP_ACT_ALLOW", 0, { 0, 0x20008, 0, "SCMP_CMP_EQ" }, true },
  { "personality", "SCMP_ACT_ALLOW", 0, { 0, 0xffffffff, 0, "SCMP_CMP_EQ" }, true },
  /* clone without namespace flags (no CAP_SYS_ADMIN in the default set).  */
  { "clone", "SCMP_ACT_ALLOW", 0, { 0, CLONE_NS_FLAGS, 0, "SCMP_CMP_MASKED_EQ" }, true },
  /* clone3 passes its flags in memory where seccomp cannot look: ENOSYS
     makes libc fall back to clone, which is filtered above.  */
  { "clone3", "SCMP_ACT_ERRNO", ENOSYS, { 0 }, false },
  /* socket: every family but AF_VSOCK (it reaches the host).  */
  { "socket", "SCMP_ACT_ALLOW", 0, { 0, AF_VSOCK_, 0, "SCMP_CMP_NE" }, true },
  { "socket", "SCMP_ACT_ERRNO", EPERM, { 0, AF_VSOCK_, 0, "SCMP_CMP_EQ" }, true },
};

/* The architectures of the build's family, as podman lists them.  */
static const char *const profile_arches[] = {
#if defined __x86_64__ || defined __i386__
  "SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32",
#elif defined __aarch64__ || defined __arm__
  "SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM",
#elif defined __powerpc64__
  "SCMP_ARCH_PPC64LE", "SCMP_ARCH_PPC64", "SCMP_ARCH_PPC",
#elif defined __s390x__ || defined __s390__
  "SCMP_ARCH_S390X", "SCMP_ARCH_S390",
#elif defined __riscv
  "SCMP_ARCH_RISCV64",
#elif defined __loongarch64
  "SCMP_ARCH_LOONGARCH64",
#endif
};

#define GEN_STR(g, s) yajl_gen_string ((g), (const unsigned char *) (s), strlen (s))

static int
gen_names (yajl_gen g, const char *const *names, size_t n)
{
  size_t i;
  int st = GEN_STR (g, "names");

  st |= yajl_gen_array_open (g);
  for (i = 0; i < n; i++)
    st |= GEN_STR (g, names[i]);
  return st | yajl_gen_array_close (g);
}

static int
gen_rule (yajl_gen g, const char *const *names, size_t n, const char *action, int errno_ret,
          const struct profile_arg *arg)
{
  int st = yajl_gen_map_open (g);

  st |= gen_names (g, names, n);
  st |= GEN_STR (g, "action");
  st |= GEN_STR (g, action);
  if (errno_ret)
    {
      st |= GEN_STR (g, "errnoRet");
      st |= yajl_gen_integer (g, errno_ret);
    }
  if (arg)
    {
      st |= GEN_STR (g, "args");
      st |= yajl_gen_array_open (g);
      st |= yajl_gen_map_open (g);
      st |= GEN_STR (g, "index");
      st |= yajl_gen_integer (g, arg->index);
      st |= GEN_STR (g, "value");
      st |= yajl_gen_integer (g, (long long) arg->value);
      st |= GEN_STR (g, "valueTwo");
      st |= yajl_gen_integer (g, (long long) arg->value_two);
      st |= GEN_STR (g, "op");
      st |= GEN_STR (g, arg->op);
      st |= yajl_gen_map_close (g);
      st |= yajl_gen_array_close (g);
    }
  return st | yajl_gen_map_close (g);
}

int
lc_seccomp_default_profile (void *yajl_gen_handle, lc_error_t *err)
{
  yajl_gen g = yajl_gen_handle;
  size_t i;
  int st;

  st = GEN_STR (g, "defaultAction");
  st |= GEN_STR (g, "SCMP_ACT_ERRNO");
  st |= GEN_STR (g, "defaultErrnoRet");
  st |= yajl_gen_integer (g, ENOSYS);
  st |= GEN_STR (g, "architectures");
  st |= yajl_gen_array_open (g);
  for (i = 0; i < ARRAY_SIZE (profile_arches); i++)
    st |= GEN_STR (g, profile_arches[i]);
  st |= yajl_gen_array_close (g);

  st |= GEN_STR (g, "syscalls");
  st |= yajl_gen_array_open (g);
  st |= gen_rule (g, allowed_syscalls, ARRAY_SIZE (allowed_syscalls), "SCMP_ACT_ALLOW", 0, NULL);
  st |= gen_rule (g, eperm_syscalls, ARRAY_SIZE (eperm_syscalls), "SCMP_ACT_ERRNO", EPERM, NULL);
  for (i = 0; i < ARRAY_SIZE (conditional_rules); i++)
    st |= gen_rule (g, &conditional_rules[i].name, 1, conditional_rules[i].action,
                    conditional_rules[i].errno_ret,
                    conditional_rules[i].has_arg ? &conditional_rules[i].arg : NULL);
  st |= yajl_gen_array_close (g);
  if (st != yajl_gen_status_ok)
    return lc_error (err, EINVAL, "generate the default seccomp profile (yajl status %d)", st);
  return 0;
}
