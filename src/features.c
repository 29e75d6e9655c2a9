/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `moat features`: the OCI features document (features.md), true to this
   build and this host.  */
#include "config.h"
#include <stdio.h>

#include "apparmor.h"
#include "caps.h"
#include "moat.h"
#include "selinux.h"
#include "utils.h"

static const char *const hooks[] = { "prestart", "createRuntime", "createContainer",
                                     "startContainer", "poststart", "poststop" };
static const char *const namespaces[] = { "cgroup", "ipc", "mount", "network", "pid",
                                          "time", "user", "uts" };
static const char *const mount_options[] = {
  "async", "atime", "bind", "defaults", "dev", "diratime", "dirsync", "exec", "iversion",
  "lazytime", "loud", "mand", "noatime", "nodev", "nodiratime", "noexec", "noiversion",
  "nolazytime", "nomand", "norelatime", "nostrictatime", "nosuid", "nosymfollow", "private",
  "ratime", "rbind", "rdev", "rdiratime", "relatime", "remount", "rexec", "rnoatime",
  "rnodev", "rnodiratime", "rnoexec", "rnorelatime", "rnostrictatime", "rnosuid",
  "rnosymfollow", "ro", "rprivate", "rrelatime", "rro", "rrw", "rshared", "rslave",
  "rstrictatime", "rsuid", "rsymfollow", "runbindable", "rw", "shared", "silent", "slave",
  "strictatime", "suid", "symfollow", "sync", "unbindable",
};
/* Every capability name libcap-ng may know; printed only where it does.  */
static const char *const capabilities[] = {
  "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID",
  "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
  "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW",
  "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT",
  "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE",
  "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
  "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE",
  "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ",
  "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
};
static const char *const seccomp_actions[] = {
  "SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO", "SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS",
  "SCMP_ACT_KILL_THREAD", "SCMP_ACT_LOG", "SCMP_ACT_NOTIFY", "SCMP_ACT_TRACE", "SCMP_ACT_TRAP",
};
static const char *const seccomp_operators[] = {
  "SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_LE", "SCMP_CMP_LT",
  "SCMP_CMP_MASKED_EQ", "SCMP_CMP_NE",
};
static const char *const seccomp_archs[] = {
  "SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM", "SCMP_ARCH_MIPS", "SCMP_ARCH_MIPS64",
  "SCMP_ARCH_MIPS64N32", "SCMP_ARCH_MIPSEL", "SCMP_ARCH_MIPSEL64", "SCMP_ARCH_MIPSEL64N32",
  "SCMP_ARCH_PPC", "SCMP_ARCH_PPC64", "SCMP_ARCH_PPC64LE", "SCMP_ARCH_RISCV64",
  "SCMP_ARCH_S390", "SCMP_ARCH_S390X", "SCMP_ARCH_X32", "SCMP_ARCH_X86", "SCMP_ARCH_X86_64",
};
static const char *const seccomp_flags[] = {
  "SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW",
  "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV", "SECCOMP_FILTER_FLAG_TSYNC",
};

static void
print_list (const char *indent, const char *key, const char *const *v, size_t n, bool last,
            bool only_caps)
{
  bool first = true;
  printf ("%s\"%s\": [", indent, key);
  for (size_t i = 0; i < n; i++)
    {
      if (only_caps && lc_cap_from_name (v[i]) < 0)
        continue;
      printf ("%s\n%s  \"%s\"", first ? "" : ",", indent, v[i]);
      first = false;
    }
  printf ("\n%s]%s\n", indent, last ? "" : ",");
}

static const struct option features_options[] = {
  { "help", no_argument, NULL, 'h' },
  { NULL, 0, NULL, 0 },
};

static const struct moat_help features_help = {
  "features",
  "Show what this build of moat supports, as the OCI features document (JSON).",
  "",
};

static int
no_opt (int c, const char *arg, void *data, lc_error_t *err)
{
  return lc_error (err, 0, "unexpected option");
}

int
moat_cmd_features (int argc, char **argv, lc_error_t *err)
{
  int ret = moat_parse_options (argc, argv, "", features_options, &features_help, no_opt,
                                NULL, err);
  if (ret != 0)
    return ret < 0 ? -1 : 0;
  if (lc_selinux_load (err) < 0)
    return -1;
  printf ("{\n  \"ociVersionMin\": \"1.0.0\",\n  \"ociVersionMax\": \"1.2.0\",\n");
  print_list ("  ", "hooks", hooks, ARRAY_SIZE (hooks), false, false);
  print_list ("  ", "mountOptions", mount_options, ARRAY_SIZE (mount_options), false, false);
  printf ("  \"linux\": {\n");
  print_list ("    ", "namespaces", namespaces, ARRAY_SIZE (namespaces), false, false);
  print_list ("    ", "capabilities", capabilities, ARRAY_SIZE (capabilities), false, true);
  printf ("    \"cgroup\": {\n      \"v1\": false,\n      \"v2\": true,\n"
          "      \"systemd\": true,\n      \"systemdUser\": false,\n      \"rdma\": true\n"
          "    },\n");
  printf ("    \"seccomp\": {\n      \"enabled\": true,\n");
  print_list ("      ", "actions", seccomp_actions, ARRAY_SIZE (seccomp_actions), false, false);
  print_list ("      ", "operators", seccomp_operators, ARRAY_SIZE (seccomp_operators), false,
              false);
  print_list ("      ", "archs", seccomp_archs, ARRAY_SIZE (seccomp_archs), false, false);
  print_list ("      ", "knownFlags", seccomp_flags, ARRAY_SIZE (seccomp_flags), false, false);
  print_list ("      ", "supportedFlags", seccomp_flags, ARRAY_SIZE (seccomp_flags), true,
              false);
  printf ("    },\n    \"apparmor\": {\n      \"enabled\": %s\n    },\n",
          lc_apparmor_enabled () ? "true" : "false");
  printf ("    \"selinux\": {\n      \"enabled\": %s\n    },\n",
          lc_selinux_enabled () ? "true" : "false");
  printf ("    \"intelRdt\": {\n      \"enabled\": false\n    },\n"
          "    \"mountExtensions\": {\n      \"idmap\": {\n        \"enabled\": false\n"
          "      }\n    }\n  },\n");
  printf ("  \"annotations\": {\n    \"io.github.moat.version\": \"%s\"\n  }\n}\n",
          PACKAGE_VERSION);
  return 0;
}
