// The baseline: oidc-provider as shipped, with its in-memory adapter and one static client. Started by
// the benchmark in a process of its own, like our server.
import Provider from 'oidc-provider';

const port = Number(process.env['PORT']);
const issuer = `http://127.0.0.1:${port}`;
const provider = new Provider(issuer, {
  clients: [{
    client_id: 'bench', client_secret: process.env['CLIENT_SECRET']!, grant_types: ['client_credentials'],
    redirect_uris: [], response_types: [],
  }],
  features: { clientCredentials: { enabled: true }, devInteractions: { enabled: false } },
  ttl: { ClientCredentials: 3600 },
});
provider.listen(port, '127.0.0.1', () => process.stdout.write('is ready\n'));
