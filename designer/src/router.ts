/**
 * Routes of the app. Everything except the login page needs a session; the
 * heavy modeler (bpmn-js) and the task form (form-js) are loaded lazily.
 */
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { isAuthenticated, session } from './shared/session';
import { homeRoute } from './shared/nav';
import { authGuard } from './auth-guard';
import { setUnauthorizedHandler } from './shared/api';
import LoginPage from './features/auth/LoginPage.vue';
import InboxPage from './features/inbox/InboxPage.vue';
import ProcessListPage from './features/modeler/ProcessListPage.vue';
import SupervisionPage from './features/supervision/SupervisionPage.vue';

declare module 'vue-router' {
  interface RouteMeta {
    public?: boolean;
    wide?: boolean;
  }
}

export const routes: RouteRecordRaw[] = [
  // each user lands where their work is: role holders in the inbox, supervisors on supervision
  { path: '/', name: 'home', redirect: () => ({ name: homeRoute(session.user) }) },
  { path: '/login', name: 'login', component: LoginPage, meta: { public: true } },
  { path: '/inbox', name: 'inbox', component: InboxPage },
  { path: '/inbox/tasks/:id', name: 'task', component: () => import('./features/inbox/TaskPage.vue'), props: true },
  { path: '/start', name: 'start', component: () => import('./features/inbox/StartPage.vue') },
  { path: '/routes', name: 'routes', component: () => import('./features/inbox/MyRoutesPage.vue') },
  { path: '/processes', name: 'processes', component: ProcessListPage },
  {
    path: '/processes/new',
    name: 'modeler-new',
    component: () => import('./features/modeler/ModelerPage.vue'),
    meta: { wide: true },
  },
  {
    path: '/processes/drafts/:draftName',
    name: 'modeler-draft',
    component: () => import('./features/modeler/ModelerPage.vue'),
    props: true,
    meta: { wide: true },
  },
  {
    path: '/processes/versions/:processKey',
    name: 'versions',
    component: () => import('./features/modeler/VersionsPage.vue'),
    props: true,
  },
  { path: '/compare', name: 'compare', component: () => import('./features/compare/ComparePage.vue'), meta: { wide: true } },
  { path: '/forms/edit', name: 'form-editor', component: () => import('./features/forms/FormEditorPage.vue'), meta: { wide: true } },
  { path: '/sandbox', name: 'sandbox', component: () => import('./features/sandbox/SandboxPage.vue'), meta: { wide: true } },
  {
    path: '/processes/:definitionId',
    name: 'modeler',
    component: () => import('./features/modeler/ModelerPage.vue'),
    props: true,
    meta: { wide: true },
  },
  { path: '/supervision', name: 'supervision', component: SupervisionPage },
  {
    path: '/supervision/map/:definitionId?',
    name: 'supervision-map',
    component: () => import('./features/supervision/ProcessMapPage.vue'),
    props: true,
  },
  {
    path: '/supervision/instances/:id',
    name: 'supervision-instance',
    component: () => import('./features/supervision/InstancePage.vue'),
    props: true,
  },
  { path: '/supervision/indicators', name: 'supervision-indicators', component: () => import('./features/supervision/IndicatorsPage.vue') },
  { path: '/admin/people', name: 'people', component: () => import('./features/admin/PeoplePage.vue') },
  { path: '/admin/tenants', name: 'tenants', component: () => import('./features/admin/TenantsPage.vue') },
  { path: '/notifications', name: 'notifications', component: () => import('./features/supervision/NotificationsPage.vue') },
  { path: '/:pathMatch(.*)*', redirect: { name: 'home' } },
];

export const router = createRouter({ history: createWebHistory(), routes });

router.beforeEach((to) => {
  const verdict = authGuard(to, isAuthenticated());
  if (verdict !== true) return verdict;
  // the superadmin belongs to no tenant: until one is chosen, the tenants page is where to start
  if (session.user?.isSuperadmin && !session.workTenant && !to.meta.public && to.name !== 'tenants' && to.name !== 'notifications') {
    return { name: 'tenants' };
  }
  return true;
});

// a 401 from any request: the session is gone, back to the login page
// (several requests may fail at once: navigate only once)
let redirecting = false;
setUnauthorizedHandler(() => {
  const current = router.currentRoute.value;
  if (current.name !== 'login' && !redirecting) {
    redirecting = true;
    void router
      .push({ name: 'login', query: { redirect: current.fullPath, expired: '1' } })
      .finally(() => (redirecting = false));
  }
});
