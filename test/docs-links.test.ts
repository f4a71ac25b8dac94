import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * Every relative link of the project's Markdown points at a file that exists, and every `#anchor` at a heading
 * (GitHub's slugs) or an `id`/`name` attribute of its target. Links to other sites are not followed.
 */
const ROOT = path.resolve(__dirname, '..');
const DOCS = [
  'README.md', 'CHANGELOG.md', 'BENCHMARKS.md', 'examples/README.md',
  ...fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`),
].filter((f) => fs.existsSync(path.join(ROOT, f)));

/** The text outside fenced code blocks and inline code spans. */
export function proseOf(markdown: string): string {
  return markdown
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '')
    .replace(/`[^`\n]*`/g, '');
}

/** Link targets: inline links and images `[text](target "title")`, reference definitions `[id]: target`. */
export function linksOf(markdown: string): string[] {
  const prose = proseOf(markdown);
  const links: string[] = [];
  for (const m of prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) links.push(m[1]);
  for (const m of prose.matchAll(/^\s*\[[^\]]+\]:\s*(\S+)/gm)) links.push(m[1]);
  for (const m of prose.matchAll(/<a\s[^>]*href="([^"]+)"/g)) links.push(m[1]);
  return links;
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens, `-1`, `-2` for repeats. */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const withoutCode = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
  for (const m of withoutCode.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const text = m[1]
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // links keep their text
      .replace(/<[^>]+>/g, ''); // inline HTML
    const base = text.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  for (const m of markdown.matchAll(/\s(?:id|name)="([^"]+)"/g)) anchors.add(m[1]);
  return anchors;
}

const anchorCache = new Map<string, Set<string>>();
function anchorsOfFile(file: string): Set<string> {
  if (!anchorCache.has(file)) anchorCache.set(file, anchorsOf(fs.readFileSync(file, 'utf8')));
  return anchorCache.get(file)!;
}

function brokenLinks(file: string): string[] {
  const abs = path.join(ROOT, file);
  const broken: string[] = [];
  for (const link of linksOf(fs.readFileSync(abs, 'utf8'))) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(link)) continue; // https:, mailto:, ...
    const [target, anchor] = link.split('#', 2) as [string, string | undefined];
    const targetPath = target === '' ? abs : path.resolve(path.dirname(abs), decodeURIComponent(target));
    if (!fs.existsSync(targetPath)) {
      broken.push(`${link}: ${path.relative(ROOT, targetPath)} does not exist`);
      continue;
    }
    if (anchor === undefined || anchor === '') continue;
    if (!targetPath.endsWith('.md')) {
      broken.push(`${link}: an anchor into a file that is not Markdown`);
      continue;
    }
    if (!anchorsOfFile(targetPath).has(decodeURIComponent(anchor))) {
      broken.push(`${link}: no heading or id "${anchor}" in ${path.relative(ROOT, targetPath)}`);
    }
  }
  return broken;
}

describe('links in the documentation', () => {
  test('the checked files include the README and docs/', () => {
    expect(DOCS).toEqual(expect.arrayContaining(['README.md', 'docs/validation.md', 'docs/contributing.md']));
  });

  test.each(DOCS)('%s: every relative link and anchor resolves', (file) => {
    expect(brokenLinks(file)).toEqual([]);
  });

  test('the README links into docs/ (anchors included)', () => {
    const links = linksOf(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'));
    expect(links).toEqual(expect.arrayContaining(['docs/validation.md#cli', 'docs/placement.md#cli-node-daemons-plan', 'API.md']));
  });
});

describe('the link checker', () => {
  test('finds inline links, images, reference definitions and HTML links, not links in code', () => {
    const md = [
      'See [a](docs/a.md#x) and ![img](img.png "title") and <a href="b.md">b</a>.',
      '[ref]: ./c.md',
      '`[not](a-link.md)`',
      '```md', '[not](either.md)', '```',
    ].join('\n');
    expect(linksOf(md)).toEqual(['docs/a.md#x', 'img.png', './c.md', 'b.md']);
  });

  test('computes GitHub anchors, including repeats, code spans and ids', () => {
    const md = '# CLI: `node-daemons plan`\n## Install\n## Install\n### What *is* `NodeDaemon`?\n<a name="x.Y" id="x.Y"></a>\n';
    expect([...anchorsOf(md)]).toEqual(['cli-node-daemons-plan', 'install', 'install-1', 'what-is-nodedaemon', 'x.Y']);
  });

  test('reports a missing file and a missing anchor', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'links-'));
    try {
      fs.writeFileSync(path.join(dir, 'a.md'), '# Title\n[gone](missing.md) [bad](#nope) [good](#title)\n');
      expect(brokenLinks(path.relative(ROOT, path.join(dir, 'a.md')))).toEqual([
        expect.stringMatching(/^missing\.md: .*missing\.md does not exist$/),
        expect.stringMatching(/^#nope: no heading or id "nope" in /),
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
