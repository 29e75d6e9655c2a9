/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Release a struct spec.  Every function accepts a partly filled struct:
   the parser hands its half-built result here when it fails.  */
#include <stdlib.h>

#include "spec.h"
#include "utils.h"

static void
free_kv (struct spec_kv *kv, size_t n)
{
  size_t i;

  for (i = 0; kv && i < n; i++)
    {
      free (kv[i].key);
      free (kv[i].value);
    }
  free (kv);
}

static void
free_mounts (struct spec_mount *m, size_t n)
{
  size_t i;

  for (i = 0; m && i < n; i++)
    {
      free (m[i].destination);
      free (m[i].source);
      free (m[i].type);
      strv_free (m[i].options);
      free (m[i].uid_mappings);
      free (m[i].gid_mappings);
    }
  free (m);
}

static void
free_capabilities (struct spec_capabilities *c)
{
  if (c == NULL)
    return;
  strv_free (c->bounding);
  strv_free (c->effective);
  strv_free (c->inheritable);
  strv_free (c->permitted);
  strv_free (c->ambient);
  free (c);
}

void
spec_process_free (struct spec_process *p)
{
  size_t i;

  if (p == NULL)
    return;
  free (p->user.additional_gids);
  free (p->user.username);
  strv_free (p->args);
  free (p->command_line);
  strv_free (p->env);
  free (p->cwd);
  free_capabilities (p->capabilities);
  for (i = 0; p->rlimits && i < p->n_rlimits; i++)
    free (p->rlimits[i].type);
  free (p->rlimits);
  free (p->apparmor_profile);
  free (p->selinux_label);
  if (p->io_priority)
    free (p->io_priority->class_name);
  free (p->io_priority);
  if (p->scheduler)
    {
      free (p->scheduler->policy);
      strv_free (p->scheduler->flags);
    }
  free (p->scheduler);
  if (p->exec_cpu_affinity)
    {
      free (p->exec_cpu_affinity->initial);
      free (p->exec_cpu_affinity->final);
    }
  free (p->exec_cpu_affinity);
  spec_pos_index_free (p->positions);
  free (p);
}

static void
free_hooks (struct spec_hook_list *l)
{
  size_t i;

  for (i = 0; l->hooks && i < l->n; i++)
    {
      free (l->hooks[i].path);
      strv_free (l->hooks[i].args);
      strv_free (l->hooks[i].env);
    }
  free (l->hooks);
}

static void
free_block_io (struct spec_block_io *b)
{
  if (b == NULL)
    return;
  free (b->weight_device);
  free (b->throttle_read_bps);
  free (b->throttle_write_bps);
  free (b->throttle_read_iops);
  free (b->throttle_write_iops);
  free (b);
}

static void
free_resources (struct spec_resources *r)
{
  size_t i;

  if (r == NULL)
    return;
  for (i = 0; r->devices && i < r->n_devices; i++)
    {
      free (r->devices[i].type);
      free (r->devices[i].access);
    }
  free (r->devices);
  free (r->memory);
  if (r->cpu)
    {
      free (r->cpu->cpus);
      free (r->cpu->mems);
    }
  free (r->cpu);
  free (r->pids);
  free_block_io (r->block_io);
  for (i = 0; r->hugepage_limits && i < r->n_hugepage_limits; i++)
    free (r->hugepage_limits[i].page_size);
  free (r->hugepage_limits);
  if (r->network)
    {
      for (i = 0; r->network->priorities && i < r->network->n_priorities; i++)
        free (r->network->priorities[i].name);
      free (r->network->priorities);
    }
  free (r->network);
  for (i = 0; r->rdma && i < r->n_rdma; i++)
    free (r->rdma[i].device);
  free (r->rdma);
  free_kv (r->unified, r->n_unified);
  free (r);
}

static void
free_seccomp (struct spec_seccomp *s)
{
  size_t i, j;

  if (s == NULL)
    return;
  free (s->default_action);
  strv_free (s->architectures);
  strv_free (s->flags);
  free (s->listener_path);
  free (s->listener_metadata);
  for (i = 0; s->syscalls && i < s->n_syscalls; i++)
    {
      strv_free (s->syscalls[i].names);
      free (s->syscalls[i].action);
      for (j = 0; s->syscalls[i].args && j < s->syscalls[i].n_args; j++)
        free (s->syscalls[i].args[j].op);
      free (s->syscalls[i].args);
    }
  free (s->syscalls);
  free (s);
}

static void
free_linux (struct spec_linux *l)
{
  size_t i;

  if (l == NULL)
    return;
  for (i = 0; l->namespaces && i < l->n_namespaces; i++)
    {
      free (l->namespaces[i].type_name);
      free (l->namespaces[i].path);
    }
  free (l->namespaces);
  free (l->uid_mappings);
  free (l->gid_mappings);
  for (i = 0; l->devices && i < l->n_devices; i++)
    {
      free (l->devices[i].type);
      free (l->devices[i].path);
    }
  free (l->devices);
  free (l->cgroups_path);
  free_resources (l->resources);
  free (l->rootfs_propagation);
  free_seccomp (l->seccomp);
  free_kv (l->sysctl, l->n_sysctl);
  strv_free (l->masked_paths);
  strv_free (l->readonly_paths);
  free (l->mount_label);
  if (l->personality)
    {
      free (l->personality->domain);
      strv_free (l->personality->flags);
    }
  free (l->personality);
  free (l);
}

void
spec_free (struct spec *spec)
{
  size_t i;

  if (spec == NULL)
    return;
  free (spec->oci_version);
  free (spec->root.path);
  free_mounts (spec->mounts, spec->n_mounts);
  spec_process_free (spec->process);
  free (spec->hostname);
  free (spec->domainname);
  for (i = 0; i < SPEC_HOOK_KIND_MAX; i++)
    free_hooks (&spec->hooks[i]);
  free_kv (spec->annotations, spec->n_annotations);
  free_linux (spec->linux_config);
  spec_pos_index_free (spec->positions);
  free (spec);
}
