// Test helper: throwaway files in a fresh temp folder, and collecting an importer's items.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImportItem } from './record.js';

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'dealerbot-test-'));
}

export function writeTemp(dir: string, name: string, content: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

export async function collect(items: AsyncIterable<ImportItem[]>): Promise<ImportItem[]> {
  const all: ImportItem[] = [];
  for await (const b of items) all.push(...b);
  return all;
}

export const SMS_XML_HEAD = "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n";
