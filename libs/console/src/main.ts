import { auditPage } from './audit-page';
import { h } from './dom';
import { operationsPage } from './operations-page';
import { replaysPage } from './replays-page';
import { ApiProblem, savedToken, signIn, signOut, type Staff, whoHolds } from './session';

/**
 * The staff console: sign in, then the sections the roles allow. Replays and Operations for
 * admins; Audit for analysts and admins. Signed-in users without a staff role are told the
 * console is not for them, and shown no data.
 */
const SECTIONS = [
  { hash: '#/replays', label: 'Replays', roles: ['admin'], show: replaysPage },
  { hash: '#/operations', label: 'Operations', roles: ['admin'], show: operationsPage },
  { hash: '#/audit', label: 'Audit', roles: ['analyst', 'admin'], show: auditPage },
] as const;

const nav = document.querySelector('nav')!;
const page = document.getElementById('page')!;
let leavePage: (() => void) | void;

/**
 * Errors from the API are shown with their code and detail, never swallowed. The same error
 * again (a page that refreshes itself while the server is away) replaces its alert instead of
 * stacking another.
 */
function showProblem(error: unknown): void {
  const [code, detail] =
    error instanceof ApiProblem ? [error.code, error.detail] : ['ERROR', String(error)];
  const alert = h('div', { role: 'alert' }, h('strong', {}, code), `: ${detail}`);
  page
    .querySelectorAll('[role=alert]')
    .forEach((shown) => shown.textContent === alert.textContent && shown.remove());
  page.prepend(alert);
}

/** Who is signed in now; null while the sign-in form shows. */
let signedIn: Staff | null = null;

/** A later call answered 401: the session was revoked or expired while the page was open. */
function sessionEnded(): void {
  if (!signedIn) return;
  leavePage?.();
  signedIn = null;
  signInForm('Your session has ended (signed out elsewhere, or expired): sign in again.');
}

function signInForm(message?: string): void {
  nav.replaceChildren();
  const username = h('input', { name: 'username', autocomplete: 'username', required: '' });
  const password = h('input', {
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: '',
  });
  const form = h(
    'form',
    { class: 'sign-in', 'aria-label': 'Sign in' },
    h('label', {}, 'Username', username),
    h('label', {}, 'Password', password),
    h('button', { type: 'submit' }, 'Sign in'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    signIn(username.value, password.value).then(start, (error: unknown) => {
      page.querySelector('[role=alert]')?.remove();
      showProblem(error);
    });
  });
  page.replaceChildren(
    h('h2', {}, 'Sign in'),
    ...(message ? [h('p', { role: 'status' }, message)] : []),
    form,
  );
  username.focus();
}

function show(staff: Staff): void {
  leavePage?.();
  const allowed = SECTIONS.filter((s) => s.roles.some((role) => staff.roles.includes(role)));
  // A section's own links go deeper (#/replays/<replayId>): the section is the hash's first part.
  const section = /^#\/[a-z]+/.exec(location.hash)?.[0];
  const current = allowed.find((s) => s.hash === section) ?? allowed[0];
  const out = h('button', { type: 'button' }, 'Sign out');
  out.addEventListener('click', () => {
    leavePage?.();
    signedIn = null;
    signOut(staff).then(() => signInForm(), showProblem);
  });
  nav.replaceChildren(
    h(
      'ul',
      {},
      ...allowed.map((s) =>
        h(
          'li',
          {},
          h('a', { href: s.hash, 'aria-current': s === current ? 'page' : undefined }, s.label),
        ),
      ),
      h('li', {}, h('span', { class: 'muted' }, staff.username), ' ', out),
    ),
  );
  if (!current) {
    page.replaceChildren(
      h('h2', {}, 'For staff only'),
      h(
        'p',
        {},
        'The console is for staff (admins and analysts). Your account holds no staff role.',
      ),
    );
    return;
  }
  // A page's calls still under way when its session ends fail with 401: not worth an alert.
  const pageProblem = (error: unknown) => signedIn === staff && showProblem(error);
  leavePage = current.show(staff, page, pageProblem) as (() => void) | void;
  page.focus();
}

async function start(token: string | null = savedToken()): Promise<void> {
  const staff = token ? await whoHolds(token, sessionEnded) : null;
  if (!staff) return signInForm();
  signedIn = staff;
  show(staff);
  window.onhashchange = () => signedIn && show(signedIn);
}

start().catch(showProblem);
