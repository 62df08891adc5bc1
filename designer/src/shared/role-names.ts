/**
 * Names of the tenant's roles (from its variants, `GET /api/variants`), loaded once per page load,
 * so lists show «Методическая служба ОО», never a role key; and the names of the organisation levels.
 */
import { ref } from 'vue';
import { api } from './api';
import type { VariantSummary } from './api-shapes';

const names = ref<Map<string, string>>(new Map());
const levels = ref<Map<string, string>>(new Map());
const variants = ref<VariantSummary[]>([]);
let loading: Promise<void> | null = null;

/** Role key → name from the variants; the system roles named in the interface language. */
export function roleNameMap(list: readonly VariantSummary[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const v of list) for (const r of v.roles ?? []) if (r?.key && r.name && !out.has(r.key)) out.set(r.key, r.name);
  return out;
}

/** Level key → the name people read, from the variants' `levelNames`. */
export function levelNameMap(list: readonly Pick<VariantSummary, 'levelNames'>[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const v of list) {
    for (const [key, name] of Object.entries(v.levelNames ?? {})) if (name && !out.has(key)) out.set(key, name);
  }
  return out;
}

/** Loads the variants once (a failure leaves the keys' fallback: the generic «роль»). */
export function loadVariants(): Promise<void> {
  loading ??= api
    .get<VariantSummary[] | { items: VariantSummary[] }>('/variants')
    .then((answer) => {
      variants.value = Array.isArray(answer) ? answer : (answer?.items ?? []);
      names.value = roleNameMap(variants.value);
      levels.value = levelNameMap(variants.value);
    })
    .catch(() => {
      loading = null;
    });
  return loading;
}

/** Forgets the loaded names (on sign-out: another user may belong to another tenant). */
export function resetRoleNames(): void {
  names.value = new Map();
  levels.value = new Map();
  variants.value = [];
  loading = null;
}

/** The tenant's role names and variants, reactive; `name(key)` never returns a key of a declared role. */
export function useRoleNames() {
  void loadVariants();
  return {
    variants,
    names,
    name: (key: string, system: Record<string, string> = {}) => names.value.get(key) ?? system[key] ?? key,
    /** The level's name when a variant gives one, else its key. */
    levelName: (key: string) => levels.value.get(key) ?? key,
  };
}
