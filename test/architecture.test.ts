import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The arrows of the house point one way (CONTRIBUTING.md, "Layout"): each layer imports only the layers below it.
// An import counts whether it brings values or only types: a type is a dependency on the module that owns it.

const ROOT = resolve(import.meta.dirname, '..');
const SRC = join(ROOT, 'src');

/** The folders of src/ a layer may import from, itself included. */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  domain: ['domain'],
  views: ['domain', 'views'],
  store: ['domain', 'store'],
};
/** What use cases must never reach: the surfaces above them and the views those render. */
const USECASES_FORBIDDEN = ['slack', 'rituals', 'cli.ts', 'cli', 'http', 'views', 'bot.ts', 'main.ts'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every relative module a file names: static imports and re-exports, `import type`, and dynamic `import()`. */
function importsOf(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const specifiers: string[] = [];
  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      specifiers.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      specifiers.push(node.arguments[0].text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      const literal = node.argument.literal;
      if (ts.isStringLiteral(literal)) specifiers.push(literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return specifiers
    .filter((s) => s.startsWith('.'))
    .map((s) => relative(SRC, resolve(dirname(file), s.replace(/\.js$/, '.ts'))));
}

/** `src/store/agents.ts` -> `store`; `src/cli.ts` -> `cli.ts`. */
const topOf = (pathInSrc: string): string => pathInSrc.split('/')[0] ?? pathInSrc;

interface Arrow {
  readonly from: string;
  readonly to: string;
}

const arrows: Arrow[] = sourceFiles(SRC).flatMap((file) =>
  importsOf(file).map((to) => ({ from: relative(SRC, file), to })),
);

function breaking(rule: (a: Arrow) => boolean): string[] {
  return arrows.filter(rule).map((a) => `src/${a.from} -> src/${a.to}`);
}

describe('the arrows of the house', () => {
  it('reads the imports it judges', () => {
    // A parser that found nothing would make every rule below pass.
    expect(arrows.some((a) => a.from === 'store/agents.ts' && a.to === 'domain/agents.ts')).toBe(true);
  });

  for (const [layer, allowed] of Object.entries(ALLOWED)) {
    it(`src/${layer} imports only ${allowed.map((l) => `src/${l}`).join(' and ')}`, () => {
      expect(breaking((a) => topOf(a.from) === layer && !allowed.includes(topOf(a.to)))).toEqual([]);
    });
  }

  it('src/usecases imports no surface (slack, rituals, cli, http) and no view', () => {
    expect(breaking((a) => topOf(a.from) === 'usecases' && USECASES_FORBIDDEN.includes(topOf(a.to)))).toEqual(
      [],
    );
  });
});
