/** The navigation guard: without a session every page but the login page leads to the login page. */
import type { RouteLocationNormalized, RouteLocationRaw } from 'vue-router';

export function authGuard(
  to: Pick<RouteLocationNormalized, 'name' | 'fullPath' | 'meta'>,
  authenticated: boolean,
): true | RouteLocationRaw {
  if (!to.meta.public && !authenticated) {
    return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} };
  }
  if (to.name === 'login' && authenticated) return { name: 'home' };
  return true;
}
