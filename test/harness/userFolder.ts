/**
 * Jest setup file: n8n-core writes its instance settings (encryption key, config)
 * into N8N_USER_FOLDER, falling back to the home folder. Every test process gets a
 * fresh temp folder instead, removed when the process exits.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const folder = mkdtempSync(join(tmpdir(), 'bdr-autotask-n8n-'));
process.env.N8N_USER_FOLDER = folder;
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
// n8n-core logs every node error it reports; runs return them, so keep test output readable.
process.env.N8N_LOG_LEVEL ??= 'silent';
process.on('exit', () => rmSync(folder, { recursive: true, force: true }));
