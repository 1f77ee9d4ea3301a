/**
 * The template database a test run builds once and clones per file, named after the run's own database, so two runs
 * against one cluster with different DATABASE_URL databases (two people, two work trees) never drop each other's.
 */
export function templateDb(url: string): string {
  const name = new URL(url).pathname.slice(1).replace(/[^a-z0-9_]/gi, '_') || 'panhuo';
  return `${name}_test_template`;
}

/** The same server and credentials, another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
