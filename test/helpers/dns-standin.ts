// A DNS server on the loopback interface that answers TXT questions from a table (RFC 1035 wire format,
// over UDP), so that domain verification is tested through Node's real resolver. Other names: NXDOMAIN.
import { createSocket } from 'node:dgram';

export interface DnsStandIn {
  /** For DNS_SERVERS. */
  readonly server: string;
  /** Name (lower case, no trailing dot) to its TXT records. */
  readonly txt: Map<string, string[]>;
  /** Every name asked about. */
  readonly questions: string[];
  close(): Promise<void>;
}

const TXT = 16;

export async function startDnsStandIn(host = '127.0.0.1'): Promise<DnsStandIn> {
  const socket = createSocket('udp4');
  const txt = new Map<string, string[]>();
  const questions: string[] = [];
  socket.on('message', (query, peer) => {
    const answer = respond(query, txt, questions);
    if (answer) {
      socket.send(answer, peer.port, peer.address);
    }
  });
  await new Promise<void>((resolve) => socket.bind(0, host, resolve));
  let closed: Promise<void> | undefined;
  return {
    server: `${host}:${socket.address().port}`,
    txt,
    questions,
    close: () => (closed ??= new Promise((resolve) => socket.close(() => resolve()))),
  };
}

function respond(query: Buffer, table: Map<string, string[]>, questions: string[]): Buffer | undefined {
  if (query.length < 12) {
    return undefined;
  }
  const labels: string[] = [];
  let at = 12;
  while (at < query.length && query[at] !== 0) {
    const length = query[at]!;
    labels.push(query.subarray(at + 1, at + 1 + length).toString('ascii'));
    at += length + 1;
  }
  const questionEnd = at + 5; // the zero label, type and class
  const name = labels.join('.').toLowerCase();
  const type = query.readUInt16BE(at + 1);
  questions.push(name);
  const records = type === TXT ? table.get(name) : undefined;
  const header = Buffer.alloc(12);
  query.copy(header, 0, 0, 2); // id
  header.writeUInt16BE(table.has(name) ? 0x8180 : 0x8183, 2); // response, recursion available; NXDOMAIN when unknown
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(records?.length ?? 0, 6);
  const answers = (records ?? []).map((value) => {
    const chunks: Buffer[] = [];
    for (let offset = 0; offset < value.length || offset === 0; offset += 255) {
      const chunk = Buffer.from(value.slice(offset, offset + 255), 'utf8');
      chunks.push(Buffer.from([chunk.length]), chunk);
      if (value.length === 0) {
        break;
      }
    }
    const rdata = Buffer.concat(chunks);
    const fixed = Buffer.alloc(12);
    fixed.writeUInt16BE(0xc00c, 0); // the name: a pointer to the question's
    fixed.writeUInt16BE(TXT, 2);
    fixed.writeUInt16BE(1, 4); // IN
    fixed.writeUInt32BE(60, 6);
    fixed.writeUInt16BE(rdata.length, 10);
    return Buffer.concat([fixed, rdata]);
  });
  return Buffer.concat([header, query.subarray(12, questionEnd), ...answers]);
}
