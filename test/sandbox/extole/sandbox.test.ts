/** The Extole sandbox as a whole: its admin API and its command line (sandbox/extole/index.js, cli.js). */
import { spawn } from 'child_process';
import * as path from 'path';

const { startExtoleSandbox } = require('../../../sandbox/extole');

const TOKEN = 'sb-token';
type Sandbox = Awaited<ReturnType<typeof startExtoleSandbox>>;

let ex: Sandbox;
beforeAll(async () => {
	ex = await startExtoleSandbox({ host: '127.0.0.1', port: 0, accessToken: TOKEN, retrySchedule: [10, 20, 30] });
});
afterAll(async () => {
	await ex.stop();
});
beforeEach(() => ex.reset());

describe('admin API', () => {
	it('refuses a delivery for a reward state Extole does not have', async () => {
		const res = await fetch(`${ex.url}/_sandbox/deliver`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ body: { reward_id: 'r' }, rewardState: 'FULFILLMENT_FAILED' }),
		});
		expect(res.status).toBe(400);
	});
});

describe('cli', () => {
	it('starts, prints its URL and answers', async () => {
		const child = spawn(process.execPath, [path.resolve(__dirname, '../../../sandbox/extole/cli.js'), '--port', '0', '--token', 'cli-secret-token'], {
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		try {
			const output = await new Promise<string>((resolve, reject) => {
				let text = '';
				child.stdout.on('data', (d: Buffer) => {
					text += d.toString();
					if (text.includes('\n')) resolve(text);
				});
				child.on('exit', (code) => reject(new Error(`exited ${code}`)));
			});
			const url = /listening on (\S+)/.exec(output)?.[1];
			expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
			expect(output).not.toContain('cli-secret-token');
			const res = await fetch(`${url}/v4/tokens`, { headers: { Authorization: 'Bearer cli-secret-token' } });
			expect(res.status).toBe(200);
		} finally {
			child.kill('SIGTERM');
		}
	});
});
