// A real OpenID provider (panva/oidc-provider) for Nereid's tests. Loopback only.
//
// Usage: node server.js <config.json> [port]
// The config file (written by tests/Nereid.TestSupport/Oidc/OidcProviderServer.cs) holds:
//   { "port": 0, "accountsFile": "/tmp/.../accounts.json", "clients": [ ...oidc-provider client metadata... ],
//     "ttl": { "AccessToken": 300, "IdToken": 300, "RefreshToken": 86400 } }
// The accounts file maps account id -> claims and is re-read on every lookup, so tests can change
// claims between two logins. GET /_test/token-requests returns counts of token-endpoint requests by grant_type.
import http from 'node:http';
import fs from 'node:fs';
import crypto from 'node:crypto';
import Provider from 'oidc-provider';

const configPath = process.argv[2] ?? process.env.OIDC_CONFIG;
if (!configPath) {
  console.error('usage: node server.js <config.json> [port]');
  process.exit(2);
}
const config = JSON.parse(fs.readFileSync(configPath, 'utf8'));
const requestedPort = Number(process.argv[3] ?? process.env.OIDC_PORT ?? config.port ?? 0);

function readAccounts() {
  return JSON.parse(fs.readFileSync(config.accountsFile, 'utf8'));
}

const tokenRequests = {};

// Reserve the port first so the issuer can contain it.
const server = http.createServer();
await new Promise((resolve) => server.listen(requestedPort, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-rsa-1', use: 'sig', alg: 'RS256' };

const allScopes = ['openid', 'offline_access', 'email', 'profile', 'org.cilogon.userinfo'];

const provider = new Provider(issuer, {
  clients: config.clients,
  jwks: { keys: [jwk] },
  cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
  scopes: allScopes,
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name'],
    'org.cilogon.userinfo': ['idp', 'idp_name', 'affiliation', 'eppn'],
  },
  // CILogon puts the requested claims in the ID token too; kube-apiserver needs email there.
  conformIdTokenClaims: false,
  features: {
    devInteractions: { enabled: false },
    // Own minimal pages: the defaults pull web fonts from the internet, and tests must stay on loopback.
    deviceFlow: {
      enabled: true,
      async userCodeInputSource(ctx, form, _out, err) {
        ctx.type = 'html';
        ctx.body = page('Enter code', `<p id="message">${err ? 'The code is incorrect' : 'Enter the code shown on your device'}</p>${form}
<button id="device-continue" type="submit" form="op.deviceInputForm">Continue</button>`);
      },
      async userCodeConfirmSource(ctx, form, _client, _deviceInfo, userCode) {
        ctx.type = 'html';
        ctx.body = page('Confirm device', `<p>Code <code id="user-code">${escapeHtml(userCode)}</code></p>${form}
<button id="device-confirm" type="submit" form="op.deviceConfirmForm">Continue</button>`);
      },
      async successSource(ctx) {
        ctx.type = 'html';
        ctx.body = page('Done', '<p id="device-success">Sign-in complete. Return to your device.</p>');
      },
    },
    revocation: { enabled: true },
    // RP-initiated logout asks the person to confirm, as real providers do (own page: the default loads web fonts).
    rpInitiatedLogout: {
      enabled: true,
      async logoutSource(ctx, form) {
        ctx.type = 'html';
        ctx.body = page('Sign out', `<h1>Sign out of the test IdP?</h1>${form}
<button id="logout-yes" type="submit" form="op.logoutForm" name="logout" value="yes">Yes, sign me out</button>
<button id="logout-no" type="submit" form="op.logoutForm">No, stay signed in</button>`);
      },
      async postLogoutSuccessSource(ctx) {
        ctx.type = 'html';
        ctx.body = page('Signed out', '<p id="logout-success">You are signed out of the test IdP.</p>');
      },
    },
  },
  // Like CILogon and Keycloak, hand out refresh tokens to clients allowed the grant without demanding
  // prompt=consent (oidc-provider otherwise drops offline_access), and keep them valid after the session ends.
  issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
  expiresWithSession: async () => false,
  pkce: { required: (_ctx, client) => client.clientAuthMethod === 'none' },
  ttl: {
    AccessToken: config.ttl?.AccessToken ?? 300,
    IdToken: config.ttl?.IdToken ?? 300,
    RefreshToken: config.ttl?.RefreshToken ?? 86400,
    AuthorizationCode: 60,
    DeviceCode: 600,
    Grant: 86400,
    Interaction: 3600,
    Session: 86400,
  },
  async findAccount(_ctx, id) {
    const accounts = readAccounts();
    if (!accounts[id]) return undefined;
    return {
      accountId: id,
      async claims() {
        // Re-read so changes between logins (and between refreshes) are visible.
        const current = readAccounts()[id] ?? {};
        return { sub: id, email_verified: true, ...current };
      },
    };
  },
  // Tests never want a consent screen: grant whatever was asked for.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) {
      const existing = await ctx.oidc.provider.Grant.find(grantId);
      if (existing) return existing;
    }
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope(allScopes.join(' '));
    await grant.save();
    return grant;
  },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  async renderError(ctx, out) {
    ctx.type = 'html';
    ctx.body = `<!doctype html><title>error</title><h1>oops</h1><pre id="error">${escapeHtml(JSON.stringify(out))}</pre>`;
  },
});
provider.proxy = false;

// Count token-endpoint requests after the provider parsed them (even failed ones).
provider.use(async (ctx, next) => {
  try {
    await next();
  } finally {
    if (ctx.path === '/token' && ctx.method === 'POST') {
      const grantType = ctx.oidc?.params?.grant_type ?? 'unknown';
      tokenRequests[grantType] = (tokenRequests[grantType] ?? 0) + 1;
    }
  }
});

function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title, body) {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`;
}

function loginPage(uid, message) {
  return `<!doctype html><html><head><title>Test IdP login</title></head><body>
<h1>Test IdP</h1>${message ? `<p id="message">${escapeHtml(message)}</p>` : ''}
<form method="post" action="/interaction/${uid}/login">
<label>Account <input id="login" name="login" autofocus></label>
<button id="submit" type="submit">Sign in</button></form></body></html>`;
}

async function readForm(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

const callback = provider.callback();
server.on('request', async (req, res) => {
  try {
    const url = new URL(req.url, issuer);
    if (url.pathname === '/_test/token-requests') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(tokenRequests));
      return;
    }
    const match = url.pathname.match(/^\/interaction\/([^/]+)(\/login)?$/);
    if (match) {
      const details = await provider.interactionDetails(req, res);
      if (details.prompt.name === 'consent') {
        // Native clients always get a consent prompt; tests consent to everything that was asked.
        const grant = details.grantId
          ? await provider.Grant.find(details.grantId)
          : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
        grant.addOIDCScope(allScopes.join(' '));
        const grantId = await grant.save();
        await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
        return;
      }
      if (req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(loginPage(details.uid));
        return;
      }
      const form = await readForm(req);
      const accountId = form.get('login') ?? '';
      if (!readAccounts()[accountId]) {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(loginPage(details.uid, `unknown account ${accountId}`));
        return;
      }
      await provider.interactionFinished(req, res, { login: { accountId } }, { mergeWithLastSubmission: false });
      return;
    }
    callback(req, res);
  } catch (err) {
    console.error(err);
    res.writeHead(500, { 'content-type': 'text/plain' });
    res.end(String(err?.message ?? err));
  }
});

console.log(`READY ${issuer}`);
