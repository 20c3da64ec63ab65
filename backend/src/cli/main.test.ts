import { buildProgram, main } from './main';

describe('the culprit CLI', () => {
  let stderr: jest.SpyInstance;
  let stdout: jest.SpyInstance;

  beforeEach(() => {
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });

  afterEach(() => {
    stderr.mockRestore();
    stdout.mockRestore();
    process.exitCode = undefined;
  });

  it('exits with code 2 and names the flag when a flag is unknown', async () => {
    await expect(main(['node', 'culprit', '--no-such-flag'])).resolves.toBe(2);
    expect(stderr.mock.calls.join('')).toContain("unknown option '--no-such-flag'");
  });

  it('exits with code 2 on an unknown command', async () => {
    await expect(main(['node', 'culprit', 'frobnicate'])).resolves.toBe(2);
  });

  it('prints help and exits 0 with --help', async () => {
    await expect(main(['node', 'culprit', '--help'])).resolves.toBe(0);
    expect(stdout.mock.calls.join('')).toContain('Usage: culprit');
  });

  it('lists every registered command in its help', () => {
    const program = buildProgram();
    const help = program.helpInformation();
    for (const command of program.commands) {
      expect(help).toContain(command.name());
    }
  });
});
