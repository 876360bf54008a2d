import { auditCsvRow, csvCell } from './audit-csv.js';

test('quotes cells with commas, quotes and line breaks', () => {
  expect(csvCell('plain')).toBe('plain');
  expect(csvCell('a,b')).toBe('"a,b"');
  expect(csvCell('say "hi"')).toBe('"say ""hi"""');
  expect(csvCell('two\nlines')).toBe('"two\nlines"');
  expect(csvCell(null)).toBe('');
});

test('defuses cells that a spreadsheet would run as formulas', () => {
  expect(csvCell('=HYPERLINK("http://evil.example")')).toBe('"\'=HYPERLINK(""http://evil.example"")"');
  expect(csvCell('+1')).toBe("'+1");
  expect(csvCell('-2')).toBe("'-2");
  expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
});

test('a row has every column, details as JSON', () => {
  const row = auditCsvRow({
    id: 'x', occurredAt: new Date('2026-11-25T10:00:00Z'), type: 'sign_in.failed', outcome: 'failure', reason: 'invalid_credentials',
    organizationId: 'o', accountId: null, email: 'a@example.com', actorId: null, actorEmail: 'a@example.com', clientId: 'gotoassist',
    ip: '127.0.0.1', userAgent: 'Mozilla/5.0 (X11, Linux)', details: { amr: ['pwd'] },
  });
  expect(row).toBe('2026-11-25T10:00:00.000Z,sign_in.failed,failure,invalid_credentials,a@example.com,,a@example.com,,gotoassist,127.0.0.1,'
    + '"Mozilla/5.0 (X11, Linux)","{""amr"":[""pwd""]}"');
});
