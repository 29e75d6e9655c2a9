/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* ROOT/ID/: state.json (atomic writes), config.json, exec.sock, and the
   flock that serialises commands on one container.  */
#include "config.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yajl/yajl_gen.h>
#include <yajl/yajl_tree.h>

#include "cgroup.h"
#include "hooks.h"
#include "json.h"
#include "log.h"
#include "audit-trail.h"
#include "state.h"
#include "utils.h"

static const char *const status_names[] = {
  [LC_STATUS_CREATING] = "creating",
  [LC_STATUS_CREATED] = "created",
  [LC_STATUS_RUNNING] = "running",
  [LC_STATUS_STOPPED] = "stopped",
  [LC_STATUS_PAUSED] = "paused",
};

const char *
lc_status_name (enum lc_status status)
{
  if ((size_t) status < ARRAY_SIZE (status_names))
    return status_names[status];
  return "unknown";
}

static int
status_from_name (const char *name)
{
  for (size_t i = 0; i < ARRAY_SIZE (status_names); i++)
    if (name && strcmp (name, status_names[i]) == 0)
      return (int) i;
  return -1;
}

/* runc's ^[\w+-\.]+$: \w, and the range from '+' to '.', which holds ','
   too.  */
static bool
id_char (char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
         || (c >= '+' && c <= '.');
}

int
lc_id_validate (const char *id, lc_error_t *err)
{
  size_t len = id ? strlen (id) : 0;

  if (len == 0)
    return lc_error (err, 0, "invalid container id: empty");
  /* Characters first, so that no message below quotes a control
     character; the offending byte is named, the id is not.  */
  for (size_t i = 0; i < len; i++)
    if (!id_char (id[i]))
      {
        if (id[i] > ' ' && id[i] < 0x7f)
          return lc_error (err, 0, "invalid container id `%.64s%s`: `%c` is not in "
                           "[A-Za-z0-9_+,.-]", id, len > 64 ? "..." : "", id[i]);
        return lc_error (err, 0, "invalid container id: byte 0x%02x at offset %zu is not in "
                         "[A-Za-z0-9_+,.-]", (unsigned char) id[i], i);
      }
  /* The id is a directory name in the state root (and the cgroup).  */
  if (len > NAME_MAX)
    return lc_error (err, 0, "invalid container id `%.32s...`: %zu bytes, over the %d bytes "
                     "(NAME_MAX) its state directory's name can hold", id, len, NAME_MAX);
  if (strcmp (id, ".") == 0 || strcmp (id, "..") == 0)
    return lc_error (err, 0, "invalid container id `%s`", id);
  return 0;
}

/* mkdir -p for the state root (0700: state.json and exec.sock are root's).  */
static int
open_root (const char *root, bool create, lc_error_t *err)
{
  int fd = open (root, O_DIRECTORY | O_CLOEXEC | O_RDONLY);
  if (fd >= 0 || errno != ENOENT || !create)
    {
      if (fd < 0)
        return lc_error (err, errno, "open state root `%s`", root);
      return fd;
    }
  {
    cleanup_free char *p = xstrdup (root);
    for (char *s = p + 1; *s; s++)
      if (*s == '/')
        {
          *s = '\0';
          if (mkdir (p, 0755) < 0 && errno != EEXIST)
            return lc_error (err, errno, "mkdir `%s`", p);
          *s = '/';
        }
    if (mkdir (p, 0700) < 0 && errno != EEXIST)
      return lc_error (err, errno, "mkdir `%s`", p);
  }
  fd = open (root, O_DIRECTORY | O_CLOEXEC | O_RDONLY);
  if (fd < 0)
    return lc_error (err, errno, "open state root `%s`", root);
  return fd;
}

int
lc_state_dir_open (const char *root, const char *id, bool create, lc_error_t *err)
{
  cleanup_close int rootfd = -1;
  int fd;

  lc_trail_note_container (id, NULL);
  if (lc_id_validate (id, err) < 0)
    return -1;
  rootfd = open_root (root, create, err);
  if (rootfd < 0)
    {
      if (!create && (*err)->status == ENOENT)
        {
          lc_error_free (err);
          return lc_error (err, 0, "container `%s`: " LC_RUNC_NOT_EXIST, id);
        }
      return -1;
    }
  if (create && mkdirat (rootfd, id, 0700) < 0)
    {
      if (errno == EEXIST)
        return lc_error (err, 0, "container `%s`: " LC_RUNC_EXISTS, id);
      return lc_error (err, errno, "mkdir `%s/%s`", root, id);
    }
  fd = openat (rootfd, id, O_DIRECTORY | O_CLOEXEC | O_RDONLY | O_NOFOLLOW);
  if (fd < 0)
    {
      if (errno == ENOENT)
        return lc_error (err, 0, "container `%s`: " LC_RUNC_NOT_EXIST, id);
      return lc_error (err, errno, "open `%s/%s`", root, id);
    }
  return fd;
}

/* A file of the state dir, or its one directory, notify/ (notify.c), with
   the socket in it.  */
static int
remove_entry (int dfd, const char *name)
{
  cleanup_close int sub = -1;

  if (unlinkat (dfd, name, 0) == 0)
    return 0;
  if (errno != EISDIR)
    return -1;
  sub = openat (dfd, name, O_DIRECTORY | O_CLOEXEC | O_RDONLY | O_NOFOLLOW);
  if (sub >= 0)
    unlinkat (sub, "notify.sock", 0);
  return unlinkat (dfd, name, AT_REMOVEDIR);
}

int
lc_state_dir_remove (const char *root, const char *id, lc_error_t *err)
{
  cleanup_close int rootfd = -1;
  cleanup_close int dfd = -1;
  DIR *d;
  struct dirent *de;

  rootfd = open (root, O_DIRECTORY | O_CLOEXEC | O_RDONLY);
  if (rootfd < 0)
    return lc_error (err, errno, "open state root `%s`", root);
  dfd = openat (rootfd, id, O_DIRECTORY | O_CLOEXEC | O_RDONLY | O_NOFOLLOW);
  if (dfd < 0)
    {
      if (errno == ENOENT)
        return 0;
      return lc_error (err, errno, "open `%s/%s`", root, id);
    }
  d = fdopendir (dfd);
  if (d == NULL)
    return lc_error (err, errno, "opendir `%s/%s`", root, id);
  steal_fd (&dfd);
  /* Everything in the state dir is ours.  */
  /* cppcheck-suppress readdirCalled ; readdir_r is deprecated, and no thread shares this DIR */
  while ((de = readdir (d)))
    {
      if (strcmp (de->d_name, ".") == 0 || strcmp (de->d_name, "..") == 0)
        continue;
      if (remove_entry (dirfd (d), de->d_name) < 0 && errno != ENOENT)
        {
          int saved = errno;
          closedir (d);
          return lc_error (err, saved, "remove `%s/%s/%s`", root, id, de->d_name);
        }
    }
  closedir (d);
  if (unlinkat (rootfd, id, AT_REMOVEDIR) < 0 && errno != ENOENT)
    return lc_error (err, errno, "remove `%s/%s`", root, id);
  return 0;
}

int
lc_state_lock (int dirfd, lc_error_t *err)
{
  if (TEMP_FAILURE_RETRY_INT (flock (dirfd, LOCK_EX)) < 0)
    return lc_error (err, errno, "lock the state directory");
  return 0;
}

int
lc_state_lock_shared (int dirfd, lc_error_t *err)
{
  if (TEMP_FAILURE_RETRY_INT (flock (dirfd, LOCK_SH)) < 0)
    return lc_error (err, errno, "lock the state directory");
  return 0;
}

/* ---- JSON ---------------------------------------------------------------- */

/* runc writes "" where a value is missing, never null.  */
static const char *
or_empty (const char *v)
{
  return v ? v : "";
}

/* "hooks": the kinds the config has, by name.  */
static void
gen_hooks (yajl_gen g, unsigned hooks)
{
  json_gen_key (g, "hooks");
  yajl_gen_array_open (g);
  for (int k = 0; k < SPEC_HOOK_KIND_MAX; k++)
    if (hooks & (1u << k))
      yajl_gen_string (g, (const unsigned char *) lc_hook_names[k], strlen (lc_hook_names[k]));
  yajl_gen_array_close (g);
}

static void
tree_hooks (yajl_val root, struct lc_state *s)
{
  const char *path[] = { "hooks", NULL };
  yajl_val v = yajl_tree_get (root, path, yajl_t_array);

  if (v == NULL)
    return;
  s->hooks_known = true;
  for (size_t i = 0; i < v->u.array.len; i++)
    {
      const char *name = YAJL_GET_STRING (v->u.array.values[i]);

      for (int k = 0; name && k < SPEC_HOOK_KIND_MAX; k++)
        if (strcmp (name, lc_hook_names[k]) == 0)
          s->hooks |= 1u << k;
    }
}

bool
lc_state_may_have_hooks (const struct lc_state *state, int kind)
{
  return !state->hooks_known || (state->hooks & (1u << kind));
}

/* full: the on-disk state.json (runc's fields + ours); else runc's `state`
   output (and the OCI state given to hooks).  */
static int
state_gen (const struct lc_state *s, bool full, bool pretty, char **json, size_t *len,
           lc_error_t *err)
{
  yajl_gen g = yajl_gen_alloc (NULL);
  const unsigned char *buf;
  size_t blen;

  if (g == NULL)
    return lc_error (err, ENOMEM, "yajl_gen_alloc");
  yajl_gen_config (g, yajl_gen_beautify, (int) pretty);
  yajl_gen_config (g, yajl_gen_indent_string, "  ");
  yajl_gen_map_open (g);
  json_gen_str (g, "ociVersion", s->oci_version ? s->oci_version : "1.2.0");
  json_gen_str (g, "id", or_empty (s->id));
  json_gen_int (g, "pid", s->status == LC_STATUS_STOPPED && !full ? 0 : s->pid);
  json_gen_str (g, "status", lc_status_name (s->status));
  json_gen_str (g, "bundle", or_empty (s->bundle));
  json_gen_str (g, "rootfs", or_empty (s->rootfs));
  json_gen_str (g, "created", or_empty (s->created));
  if (s->n_annotations > 0)
    {
      json_gen_key (g, "annotations");
      yajl_gen_map_open (g);
      for (size_t i = 0; i < s->n_annotations; i++)
        json_gen_str (g, s->annotations[i].key, or_empty (s->annotations[i].value));
      yajl_gen_map_close (g);
    }
  json_gen_str (g, "owner", or_empty (s->owner));
  if (full)
    {
      json_gen_int (g, "pid_start_time", (long long) s->pid_start_time);
      json_gen_str (g, "cgroup_path", or_empty (s->cgroup_path));
      json_gen_bool (g, "systemd_cgroup", s->systemd_cgroup);
      json_gen_bool (g, "terminal", s->terminal);
      if (s->mcs_level)
        json_gen_str (g, "mcsLevel", s->mcs_level);
      if (s->process_label)
        json_gen_str (g, "processLabel", s->process_label);
      if (s->hooks_known)
        gen_hooks (g, s->hooks);
    }
  yajl_gen_map_close (g);
  if (yajl_gen_get_buf (g, &buf, &blen) != yajl_gen_status_ok)
    {
      yajl_gen_free (g);
      return lc_error (err, EINVAL, "generate state JSON");
    }
  *json = xstrndup ((const char *) buf, blen);
  if (len)
    *len = blen;
  yajl_gen_free (g);
  return 0;
}

int
lc_state_to_json (const struct lc_state *state, bool pretty, char **json, size_t *len,
                  lc_error_t *err)
{
  return state_gen (state, false, pretty, json, len, err);
}

int
lc_state_write (int dirfd, const struct lc_state *state, lc_error_t *err)
{
  cleanup_free char *json = NULL;
  size_t len;

  if (state_gen (state, true, false, &json, &len, err) < 0)
    return -1;
  return write_file_atomic_at (dirfd, "state.json", json, len, 0600, err);
}

static char *
tree_str (yajl_val root, const char *key)
{
  const char *path[] = { key, NULL };
  yajl_val v = yajl_tree_get (root, path, yajl_t_string);
  return v ? xstrdup (YAJL_GET_STRING (v)) : NULL;
}

static long long
tree_int (yajl_val root, const char *key)
{
  const char *path[] = { key, NULL };
  yajl_val v = yajl_tree_get (root, path, yajl_t_number);
  return v && YAJL_IS_INTEGER (v) ? YAJL_GET_INTEGER (v) : 0;
}

static bool
tree_bool (yajl_val root, const char *key)
{
  const char *path[] = { key, NULL };
  yajl_val v = yajl_tree_get (root, path, yajl_t_any);
  return v && YAJL_IS_TRUE (v);
}

static void
tree_annotations (yajl_val root, struct lc_state *s)
{
  const char *path[] = { "annotations", NULL };
  yajl_val v = yajl_tree_get (root, path, yajl_t_object);

  if (v == NULL || v->u.object.len == 0)
    return;
  s->annotations = xzalloc (v->u.object.len * sizeof (struct spec_kv));
  for (size_t i = 0; i < v->u.object.len; i++)
    if (YAJL_IS_STRING (v->u.object.values[i]))
      {
        s->annotations[s->n_annotations].key = xstrdup (v->u.object.keys[i]);
        s->annotations[s->n_annotations].value
          = xstrdup (YAJL_GET_STRING (v->u.object.values[i]));
        s->n_annotations++;
      }
}

/* What the audit trail records of the container an operation acts on.  */
static void
note_for_trail (int fd, const struct lc_state *state)
{
  lc_trail_note_container (NULL, state->bundle);
  lc_trail_note_pid (state->pid);
  /* The config only if the operation does not read it (kill, pause...):
     at the end, off its path.  */
  lc_trail_note_state_dir (fd);
  if (state->process_label)
    lc_trail_note_label (state->process_label); /* with the level moat picked */
}

int
lc_state_read (int dirfd, struct lc_state **out, lc_error_t *err)
{
  cleanup_free char *json = NULL;
  char ebuf[256] = "";
  struct lc_state *s;
  yajl_val root;
  char *status;
  int st;

  if (read_file_at (dirfd, "state.json", &json, NULL, err) < 0)
    return -1;
  root = yajl_tree_parse (json, ebuf, sizeof ebuf);
  if (root == NULL)
    return lc_error (err, EINVAL, "parse `state.json`: %s", ebuf);
  s = xzalloc (sizeof *s);
  s->oci_version = tree_str (root, "ociVersion");
  s->id = tree_str (root, "id");
  s->pid = (pid_t) tree_int (root, "pid");
  s->pid_start_time = (uint64_t) tree_int (root, "pid_start_time");
  status = tree_str (root, "status");
  st = status_from_name (status);
  free (status);
  s->status = st < 0 ? LC_STATUS_STOPPED : (enum lc_status) st;
  s->bundle = tree_str (root, "bundle");
  s->rootfs = tree_str (root, "rootfs");
  s->created = tree_str (root, "created");
  s->owner = tree_str (root, "owner");
  s->cgroup_path = tree_str (root, "cgroup_path");
  if (s->cgroup_path && s->cgroup_path[0] == '\0')
    {
      free (s->cgroup_path);
      s->cgroup_path = NULL;
    }
  s->systemd_cgroup = tree_bool (root, "systemd_cgroup");
  s->terminal = tree_bool (root, "terminal");
  s->mcs_level = tree_str (root, "mcsLevel");
  s->process_label = tree_str (root, "processLabel");
  tree_annotations (root, s);
  tree_hooks (root, s);
  yajl_tree_free (root);
  *out = s;
  note_for_trail (dirfd, s);
  return 0;
}

/* ---- status ---------------------------------------------------------------- */

/* Alive: the pid exists, is not a zombie, and started when we recorded.  */
bool
lc_state_pid_alive (const struct lc_state *state)
{
  uint64_t start;
  char st;

  if (state->pid <= 0)
    return false;
  if (proc_stat_state (state->pid, &st, &start) < 0)
    return false;
  if (st == 'Z' || st == 'X')
    return false;
  return state->pid_start_time == 0 || start == state->pid_start_time;
}

void
lc_state_refresh (struct lc_state *state)
{
  struct lc_cgroup *cg = NULL;
  lc_error_t err = NULL;
  bool frozen = false;

  /* A create's record before init is known (or after it was killed):
     "creating" until delete cleans it up.  */
  if (state->status == LC_STATUS_CREATING && state->pid <= 0)
    return;
  if (!lc_state_pid_alive (state))
    {
      state->status = LC_STATUS_STOPPED;
      return;
    }
  if (state->status == LC_STATUS_CREATING)
    return;
  /* Frozen, a created container is paused too, as runc's: its freezer
     takes created and running ones alike.  Thawed, it is created again.  */
  if (state->status != LC_STATUS_CREATED)
    state->status = LC_STATUS_RUNNING;
  if (state->cgroup_path && lc_cgroup_open (state->cgroup_path, state->systemd_cgroup, &cg, &err) == 0)
    {
      if (lc_cgroup_is_frozen (cg, &frozen, &err) == 0 && frozen)
        state->status = LC_STATUS_PAUSED;
      lc_cgroup_free (cg);
    }
  lc_error_free (&err);
}

void
lc_state_free (struct lc_state *s)
{
  if (s == NULL)
    return;
  free (s->oci_version);
  free (s->id);
  free (s->bundle);
  free (s->rootfs);
  free (s->created);
  free (s->owner);
  for (size_t i = 0; i < s->n_annotations; i++)
    {
      free (s->annotations[i].key);
      free (s->annotations[i].value);
    }
  free (s->annotations);
  free (s->cgroup_path);
  free (s->mcs_level);
  free (s->process_label);
  free (s);
}

static int
cmp_state (const void *a, const void *b)
{
  const struct lc_state *const *x = a, *const *y = b;
  return strcmp ((*x)->id, (*y)->id);
}

/* runc's list: the owner is the user owning the state dir, by name from
   the host's user database, "#UID" when it has none.  */
static char *
owner_of (int dirfd)
{
  /* One lookup per uid and list, not per container: the user database
     may be a file read whole each time, or a network service.  */
  static uid_t last_uid = (uid_t) -1;
  static char *last_name;
  struct passwd pw, *found = NULL;
  char buf[4096];
  struct stat st;

  if (fstat (dirfd, &st) < 0)
    return xstrdup ("");
  if (last_name == NULL || st.st_uid != last_uid)
    {
      free (last_name);
      if (getpwuid_r (st.st_uid, &pw, buf, sizeof buf, &found) == 0 && found)
        last_name = xstrdup (found->pw_name);
      else
        xasprintf (&last_name, "#%u", (unsigned) st.st_uid);
      last_uid = st.st_uid;
    }
  return xstrdup (last_name);
}

int
lc_state_list (const char *root, struct lc_state ***out, size_t *n, lc_error_t *err)
{
  struct lc_state **v = NULL;
  size_t count = 0;
  struct dirent *de;
  DIR *d;

  *out = NULL;
  *n = 0;
  d = opendir (root);
  if (d == NULL)
    {
      if (errno == ENOENT)
        return 0;
      return lc_error (err, errno, "open state root `%s`", root);
    }
  /* cppcheck-suppress readdirCalled ; readdir_r is deprecated, and no thread shares this DIR */
  while ((de = readdir (d)))
    {
      cleanup_close int fd = -1;
      struct lc_state *s = NULL;
      lc_error_t e = NULL;

      if (de->d_name[0] == '.')
        continue;
      fd = openat (dirfd (d), de->d_name, O_DIRECTORY | O_CLOEXEC | O_RDONLY | O_NOFOLLOW);
      if (fd < 0)
        continue;
      if (lc_state_read (fd, &s, &e) < 0)
        {
          /* A create in progress, or one that died, before its record:
             shown as creating, so that it is seen and deleted.  */
          lc_debug ("list: `%s`: %s", de->d_name, e->msg);
          lc_error_free (&e);
          s = xzalloc (sizeof *s);
          s->id = xstrdup (de->d_name);
          s->status = LC_STATUS_CREATING;
        }
      lc_state_refresh (s);
      free (s->owner);
      s->owner = owner_of (fd);
      v = xreallocarray (v, count + 1, sizeof *v);
      v[count++] = s;
    }
  closedir (d);
  if (count > 1)
    qsort (v, count, sizeof *v, cmp_state);
  *out = v;
  *n = count;
  return 0;
}

int
lc_state_read_config (int dirfd, struct spec **spec, lc_error_t *err)
{
  cleanup_free char *buf = NULL;
  size_t len;

  if (read_file_at (dirfd, "config.json", &buf, &len, err) < 0
      || spec_parse ("config.json", buf, len, spec, err) < 0)
    return -1;
  lc_trail_note_spec (*spec, (*spec)->process);
  return 0;
}

int
lc_state_open_container (const char *root, const char *id, bool lock, struct lc_state **state,
                         lc_error_t *err)
{
  cleanup_close int fd = lc_state_dir_open (root, id, false, err);

  if (fd < 0)
    return -1;
  if (lock && lc_state_lock (fd, err) < 0)
    return -1;
  if (lc_state_read (fd, state, err) < 0)
    {
      /* Removed under us by a racing delete (or not recorded yet): the
         words clients match, not a raw ENOENT.  */
      if ((*err)->status == ENOENT)
        {
          lc_error_free (err);
          return lc_error (err, 0, "container `%s`: " LC_RUNC_NOT_EXIST, id);
        }
      return -1;
    }
  lc_state_refresh (*state);
  return steal_fd (&fd);
}
