/**
 * Server-rendered pages: Eta templates under `views/`, HTML-escaped by default (`<%= %>`).
 * Templates are compiled once and cached.
 */
import { fileURLToPath } from 'node:url';
import { Eta } from 'eta';

/** `views/` at the package root, from src/web or dist/web alike. */
export const VIEWS_DIR = fileURLToPath(new URL('../../views', import.meta.url));

let shared: Eta | undefined;

export function viewEngine(): Eta {
  shared ??= new Eta({ views: VIEWS_DIR, autoEscape: true, cache: true, autoTrim: false });
  return shared;
}

export function renderView(name: string, data: Record<string, unknown>): string {
  return viewEngine().render(name, data);
}
