import { describe, expect, it } from 'vitest';
import { modal, noticeModal, section } from '../../src/views/kit.js';

describe('modal', () => {
  it('keeps the title and buttons within 24 characters, as plain text', () => {
    const view = modal({
      callbackId: 'c',
      title: 'Register the order entry agent',
      submit: 'Register the order entry agent',
      blocks: [section('Hi')],
    });
    expect(view.title.text).toHaveLength(24);
    expect(view.title.text.endsWith('…')).toBe(true);
    expect(view.submit?.text).toHaveLength(24);
    expect(view.title.type).toBe('plain_text');
  });

  it('closes with Cancel beside a submit button and Close without one, unless told', () => {
    const form = modal({ callbackId: 'c', title: 'Form', submit: 'Save', blocks: [] });
    const shown = modal({ callbackId: 'c', title: 'Shown', blocks: [] });
    const done = modal({ callbackId: 'c', title: 'Saved', close: 'Done', blocks: [] });
    expect([form.close?.text, shown.close?.text, done.close?.text]).toEqual(['Cancel', 'Close', 'Done']);
    expect(shown.submit).toBeUndefined();
  });

  it('carries what the modal is about, and refuses metadata Slack would cut', () => {
    expect(
      modal({ callbackId: 'c', title: 'T', privateMetadata: '{"id":7}', blocks: [] }).private_metadata,
    ).toBe('{"id":7}');
    expect(modal({ callbackId: 'c', title: 'T', blocks: [] })).not.toHaveProperty('private_metadata');
    expect(() =>
      modal({ callbackId: 'c', title: 'T', privateMetadata: 'x'.repeat(3001), blocks: [] }),
    ).toThrow(/private_metadata/);
  });

  it('sends no more than the 100 blocks a view holds', () => {
    const blocks = Array.from({ length: 120 }, (_, i) => section(`line ${i}`));
    expect(modal({ callbackId: 'c', title: 'T', blocks }).blocks).toHaveLength(100);
  });
});

describe('noticeModal', () => {
  it('only says something: one section and a Close button', () => {
    const view = noticeModal('Not this time', 'Only the owner can.');
    expect(view.submit).toBeUndefined();
    expect(view.close?.text).toBe('Close');
    expect(view.blocks).toEqual([section('Only the owner can.', 'notice_text')]);
  });
});
