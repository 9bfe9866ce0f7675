// `npm run config-rules -- <guide> [commit]`: regenerates compositions/blocks/detection/managed-rule-pages.generated.ts,
// every AWS Config managed rule identifier with its developer-guide page, from the archived AWS Config
// Developer Guide (github.com/awsdocs/aws-config-developer-guide). <guide> is a git directory of that
// repository (doc_source is read at <commit>, default GUIDE_COMMIT) or a directory of its doc_source .md
// files (then <commit> is the commit that checkout is at, recorded in the header). Nothing else reads the
// guide: the generated module is committed, so building and testing need neither the network nor the guide.
//
// Each rule page doc_source/<page>.md has one line `**Identifier:** EC2\_IMDSV2\_CHECK` (markdown-escaped);
// the list page managed-rules-by-aws-config.md links every rule page, and the two sets must be equal, so a
// rule page formatted otherwise fails the generation instead of going missing.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..');
export const MANAGED_RULE_PAGES_FILE = path.join(root, 'compositions', 'blocks', 'detection', 'managed-rule-pages.generated.ts');

/**
 * The guide's last content update ("Periodic update 4/21/2023"); the repository was archived in June 2023 and
 * its HEAD deleted doc_source. 1d71457 (July 2021), which config-rules.ts cited, lists 191 rules and lacks
 * nacl-no-unrestricted-ssh-rdp; this commit lists 317, the same 191 with the same pages among them.
 */
export const GUIDE_COMMIT = 'e57037dbe30cd2f1fbaba43c5a4a5bd152dec5ac';
const LIST_PAGE = 'managed-rules-by-aws-config';

/** Rules AWS published after the guide was archived, each read on its docs.aws.amazon.com page ("Identifier:"). */
const PUBLISHED_AFTER_ARCHIVE: Readonly<Record<string, { readonly page: string; readonly source: string }>> = {
  VPC_SG_PORT_RESTRICTION_CHECK: { page: 'vpc-sg-port-restriction-check', source: 'https://docs.aws.amazon.com/config/latest/developerguide/vpc-sg-port-restriction-check.html' },
};

const IDENTIFIER_LINE = /^\*\*Identifier:\*\*\s*(.*?)\s*$/gm;
const LIST_ENTRY = /^\+ \[[^\]]*\]\(([^)#\s]+)\.md\)\s*$/gm;
const unescape = (markdown: string): string => markdown.replace(/\\(.)/g, '$1');

/** Identifier -> page name read from a directory of doc_source .md files; throws on anything it cannot account for. */
export function readRulePages(docSource: string): Map<string, string> {
  const listFile = path.join(docSource, `${LIST_PAGE}.md`);
  if (!fs.existsSync(listFile)) throw new Error(`${docSource}: no ${LIST_PAGE}.md (expected the guide's doc_source directory)`);
  const listed = new Set([...fs.readFileSync(listFile, 'utf8').matchAll(LIST_ENTRY)].map((m) => m[1]!));
  const byIdentifier = new Map<string, string>();
  const withIdentifier = new Set<string>();
  for (const file of fs.readdirSync(docSource).filter((f) => f.endsWith('.md')).sort()) {
    const page = file.slice(0, -'.md'.length);
    const found = [...fs.readFileSync(path.join(docSource, file), 'utf8').matchAll(IDENTIFIER_LINE)].map((m) => unescape(m[1]!));
    if (found.length === 0) continue;
    if (found.length > 1) throw new Error(`${file}: ${found.length} **Identifier:** lines (${found.join(', ')}), expected one`);
    const identifier = found[0]!;
    if (!/^[A-Z0-9_]+$/.test(identifier)) throw new Error(`${file}: identifier '${identifier}' is not SCREAMING_SNAKE_CASE`);
    if (!/^[a-z0-9-]+$/.test(page)) throw new Error(`${file}: page name '${page}' is not kebab-case`);
    const other = byIdentifier.get(identifier);
    if (other !== undefined) throw new Error(`identifier ${identifier} on two pages: ${other}.md and ${file}`);
    byIdentifier.set(identifier, page);
    withIdentifier.add(page);
  }
  const unread = [...listed].filter((p) => !withIdentifier.has(p));
  const unlisted = [...withIdentifier].filter((p) => !listed.has(p));
  if (unread.length > 0 || unlisted.length > 0) {
    throw new Error(`${LIST_PAGE}.md and the rule pages disagree: listed without an **Identifier:** line: [${unread.join(', ')}]; with one but not listed: [${unlisted.join(', ')}]`);
  }
  return byIdentifier;
}

/** The guide's rules plus PUBLISHED_AFTER_ARCHIVE, sorted by identifier. */
export function allRulePages(fromGuide: ReadonlyMap<string, string>): [string, string][] {
  const all = new Map(fromGuide);
  for (const [identifier, { page }] of Object.entries(PUBLISHED_AFTER_ARCHIVE)) {
    if (all.has(identifier)) throw new Error(`${identifier} is in the guide now (page ${all.get(identifier)}): delete it from PUBLISHED_AFTER_ARCHIVE`);
    all.set(identifier, page);
  }
  return [...all].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The generated module's text. */
export function managedRulePagesText(fromGuide: ReadonlyMap<string, string>, commit: string): string {
  const rules = allRulePages(fromGuide);
  const after = Object.entries(PUBLISHED_AFTER_ARCHIVE).map(([id, r]) => `//   ${id}: ${r.source}`);
  return [
    '// GENERATED by `npm run config-rules` (scripts/config-rule-identifiers.ts): do not edit.',
    '// Every AWS Config managed rule identifier -> its developer-guide page name (doc_source/<page>.md,',
    '// docs.aws.amazon.com/config/latest/developerguide/<page>.html), read from the "Identifier:" line of each',
    `// rule page of github.com/awsdocs/aws-config-developer-guide at commit ${commit}`,
    `// (${fromGuide.size} rules, the same set as ${LIST_PAGE}.md lists), and ${after.length} published after the guide was archived:`,
    ...after,
    '// Regenerate: npm run config-rules -- <git dir of aws-config-developer-guide | its doc_source directory> [commit]',
    'export const AWS_MANAGED_RULE_PAGES = {',
    ...rules.map(([identifier, page]) => `  ${identifier}: '${page}',`),
    '} as const;',
    '',
  ].join('\n');
}

/** Runs `body` on the doc_source directory of `guide` (a git directory, read at `commit`, or doc_source itself). */
export function withDocSource<T>(guide: string, commit: string, body: (docSource: string) => T): T {
  if (fs.existsSync(path.join(guide, `${LIST_PAGE}.md`))) return body(guide);
  if (fs.existsSync(path.join(guide, 'doc_source', `${LIST_PAGE}.md`))) return body(path.join(guide, 'doc_source'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zta-config-guide-'));
  try {
    const tar = execFileSync('git', ['--git-dir', guide, 'archive', '--format=tar', commit, 'doc_source'], { maxBuffer: 256 * 1024 * 1024 });
    execFileSync('tar', ['-x', '-C', dir], { input: tar });
    return body(path.join(dir, 'doc_source'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The generated module's text from `guide` at `commit`. */
export function generateManagedRulePages(guide: string, commit: string = GUIDE_COMMIT): string {
  return withDocSource(guide, commit, (docSource) => managedRulePagesText(readRulePages(docSource), commit));
}

if (require.main === module) {
  const [guide = process.env.ZTA_CONFIG_GUIDE, commit = GUIDE_COMMIT] = process.argv.slice(2);
  if (!guide) throw new Error('usage: npm run config-rules -- <git dir of awsdocs/aws-config-developer-guide | its doc_source directory> [commit] (or set ZTA_CONFIG_GUIDE)');
  const text = generateManagedRulePages(guide, commit);
  fs.writeFileSync(MANAGED_RULE_PAGES_FILE, text);
  console.log(`${path.relative(root, MANAGED_RULE_PAGES_FILE)}: ${text.split('\n').filter((l) => /^ {2}[A-Z0-9_]+: '/.test(l)).length} managed rules from ${guide} at ${commit}`);
}
