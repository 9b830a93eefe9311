/**
 * People, forms and clicks shared by the registry, gate, settings and escaping tests. Every step goes
 * through signed requests and the fake Slack, as a person's would.
 */
import { afterEach, beforeEach, expect } from 'vitest';
import { GATE_BARS } from '../../src/domain/gate.js';
import { startTestApp, TEAM_ID, type TestApp } from '../support/app.js';
import type { FakeMessage, FakeView } from '../support/fake-slack.js';
import { type Answer, buttonsOf, fillView } from '../support/read-view.js';
import { blockActionsPayload, type SlackResponse } from '../support/slack-request.js';

/** UADMIN is a Slack admin; the others are members. Tests give them roles through /maturity settings. */
export const PEOPLE = {
  admin: 'UADMIN',
  owner: 'UALICE',
  leader: 'UBOB',
  portfolioOwner: 'UCAROL',
  member: 'UDAVE',
} as const;

export function addPeople(app: TestApp): void {
  app.fake.setUser({ id: PEOPLE.admin, name: 'ann', is_admin: true, tz: 'America/Chicago' });
  app.fake.setUser({ id: PEOPLE.owner, name: 'alice', tz: 'America/Chicago' });
  app.fake.setUser({ id: PEOPLE.leader, name: 'bob' });
  app.fake.setUser({ id: PEOPLE.portfolioOwner, name: 'carol' });
  app.fake.setUser({ id: PEOPLE.member, name: 'dave' });
}

/**
 * Before each test of the calling suite, a fresh app at `now` that knows PEOPLE, handed to `use`; after it, the
 * fake Slack must have seen nothing Slack would refuse, and the app is closed.
 */
export function withPeopleEachTest(now: string, use: (app: TestApp) => void): void {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp({ now });
    addPeople(app);
    use(app);
  });
  afterEach(async () => {
    app.fake.assertNoViolations();
    await app.close();
  });
}

/**
 * A modal the app opened or pushed, as Slack stored it (with its id). Callers let earlier background
 * work (Home tab publishes) finish first, so the newest stored view is this modal.
 */
export async function modalOpened(app: TestApp, callbackId: string, timeoutMs = 3000): Promise<FakeView> {
  const isIt = (view: unknown) => (view as { callback_id?: string } | undefined)?.callback_id === callbackId;
  const deadline = Date.now() + timeoutMs;
  while (
    !app.fake.calls.some(
      (c) => (c.method === 'views.open' || c.method === 'views.push') && c.ok && isIt(c.args.view),
    )
  ) {
    if (Date.now() > deadline) throw new Error(`No modal "${callbackId}" was opened within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const view = app.fake.lastView();
  expect(view?.callback_id).toBe(callbackId);
  return view as FakeView;
}

/** The answers a submitted modal's `response_action` carried. */
export interface SubmitAnswer {
  readonly response_action?: string;
  readonly errors?: Record<string, string>;
  readonly view?: { blocks: unknown[]; title?: unknown };
}

export async function submitted(res: SlackResponse): Promise<SubmitAnswer> {
  expect(res.status).toBe(200);
  return res.text === '' ? {} : (res.json() as SubmitAnswer);
}

export const OFFICE_AGENT: Record<string, Answer> = {
  'Agent name': 'Order entry',
  'Which workflow': 'Reads customer POs from email, enters them in the ERP, flags odd ones to the desk.',
  Category: 'Office side',
  'Which system of record': 'ERP',
  'Dollar metric': 'hours saved x loaded rate',
  'Monthly dollar target': '12,500',
  'Confidence threshold': '85',
  Status: 'Pilot',
};

/** Opens the register modal as `user` and submits it; waits for the Home tab the submission republishes. */
export async function registerAgent(
  app: TestApp,
  answers: Record<string, Answer>,
  user: string = PEOPLE.owner,
): Promise<SubmitAnswer> {
  app.fake.clear();
  const opened = await app.command('register', user);
  expect(opened.status).toBe(200);
  const view = await modalOpened(app, 'agent_register');
  const answer = await submitted(
    await app.submit(view, fillView(view, { ...OFFICE_AGENT, ...answers }), user),
  );
  if (answer.response_action === 'update') await app.fake.waitFor('views.publish');
  return answer;
}

/** Every bar claimed as met, with evidence. */
export function allMet(): Record<string, Answer> {
  return Object.fromEntries(
    GATE_BARS.flatMap((bar) => [
      [bar.question, 'Met'],
      [`Evidence: ${bar.title}`, `Checked: ${bar.title.toLowerCase()}.`],
    ]),
  );
}

/** `/maturity gate <name>` as `user`, then the checklist filled with `answers`. */
export async function fileGate(
  app: TestApp,
  agentName: string,
  answers: Record<string, Answer>,
  user: string = PEOPLE.owner,
): Promise<SubmitAnswer> {
  app.fake.clear();
  const res = await app.command(`gate ${agentName}`, user);
  expect(res.text).toBe('');
  const view = await modalOpened(app, 'gate_claim');
  return submitted(await app.submit(view, fillView(view, answers), user));
}

/** Names the portfolio owner and leaders through the settings modal, as the admin. */
export async function nameRoles(
  app: TestApp,
  roles: { portfolioOwner?: string; leaders?: string[]; group?: string } = {},
): Promise<void> {
  app.fake.clear();
  await app.command('settings', PEOPLE.admin);
  const view = await modalOpened(app, 'settings');
  const answers: Record<string, Answer> = {
    'Who owns the portfolio': roles.portfolioOwner ?? PEOPLE.portfolioOwner,
    'Who is on the leadership team': roles.leaders ?? [PEOPLE.leader],
  };
  if (roles.group) answers['Slack user group'] = roles.group;
  const answer = await submitted(await app.submit(view, fillView(view, answers), PEOPLE.admin));
  expect(answer.response_action).toBe('update');
  await app.fake.waitFor('views.publish');
}

/** The DMs the bot sent `user`, oldest first. */
export function dmsTo(app: TestApp, user: string): FakeMessage[] {
  return app.fake.messages(user).filter((m) => m.ephemeral_to === undefined);
}

/** Clicks the button whose action id is `actionId` on a message, as `user`. */
export async function clickOnMessage(
  app: TestApp,
  message: FakeMessage,
  actionId: string,
  user: string,
): Promise<SlackResponse> {
  const button = buttonsOf(message).find((b) => b.actionId === actionId);
  expect(button, `a ${actionId} button on the message`).toBeDefined();
  return app.slack.interaction(
    blockActionsPayload({
      team: TEAM_ID,
      user,
      actionId,
      blockId: button?.blockId,
      message,
      channel: message.channel,
      triggerId: app.fake.issueTriggerId(),
    }),
  );
}

/** Clicks a button on a view (a modal or the Home tab), as `user`; `value` picks among same-id buttons. */
export async function clickOnView(
  app: TestApp,
  view: FakeView,
  actionId: string,
  user: string,
  value?: string,
): Promise<SlackResponse> {
  const button = buttonsOf(view).find(
    (b) => b.actionId === actionId && (value === undefined || b.value === value),
  );
  expect(button, `a ${actionId} button on the view`).toBeDefined();
  return app.slack.interaction(
    blockActionsPayload({
      team: TEAM_ID,
      user,
      actionId,
      blockId: button?.blockId,
      container: 'view',
      view,
      triggerId: app.fake.issueTriggerId(),
    }),
  );
}
