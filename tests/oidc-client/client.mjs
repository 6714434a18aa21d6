// A relying party built on npm openid-client, driven by Nereid's C# tests against Nereid's provider on loopback.
//
// Usage: node client.mjs <issuer> <client_id> <redirect_uri> <post_logout_redirect_uri> <step>...
// Steps run in order and share the tokens they obtain:
//   code      authorization code + PKCE: prints {"event":"authorize","url"}, then reads the callback URL from stdin
//   device    device authorization grant: prints {"event":"device",...}, then polls until the person decides
//   refresh   refresh token grant with the current refresh token
//   userinfo  userinfo with the current access token (subject checked against the ID token's)
//   revoke    revokes the current refresh token, then tries to use it once more
//   logout    builds the end-session URL (id_token_hint, post_logout_redirect_uri, state)
//   pause     prints {"event":"paused"}, then waits for any line on stdin (the test acts as the person meanwhile)
// Every result is one JSON line on stdout; a failure prints {"event":"error",...} and exits 1.
import * as readline from 'node:readline';
import * as oidc from 'openid-client';

const [issuer, clientId, redirectUri, postLogoutRedirectUri, ...steps] = process.argv.slice(2);
const lines = readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const emit = (event, body) => process.stdout.write(JSON.stringify({ event, ...body }) + '\n');
const scope = 'openid profile email groups offline_access';

async function readLine() {
  const next = await lines.next();
  if (next.done) throw new Error('stdin closed before the test answered');
  return next.value.trim();
}

function describe(tokens) {
  const claims = tokens.claims() ?? {};
  return {
    claims,
    groups: Array.isArray(claims.groups) ? claims.groups : claims.groups ? [claims.groups] : [],
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token ?? null,
    idToken: tokens.id_token ?? null,
    expiresIn: tokens.expiresIn() ?? null,
  };
}

function failure(step, error) {
  return { step, error: error.error ?? null, code: error.code ?? null, status: error.status ?? null, message: String(error.message ?? error) };
}

// Public client: no secret, PKCE proves the code; http is allowed because the tests run on loopback only.
const config = await oidc.discovery(new URL(issuer), clientId, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
let tokens = null;
let idToken = null;
let subject = null;

for (const step of steps) {
  try {
    switch (step) {
      case 'code': {
        const verifier = oidc.randomPKCECodeVerifier();
        const state = oidc.randomState();
        const nonce = oidc.randomNonce();
        const url = oidc.buildAuthorizationUrl(config, {
          redirect_uri: redirectUri, scope, state, nonce,
          code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
        });
        emit('authorize', { url: url.href });
        const callback = new URL(await readLine());
        tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
        break;
      }
      case 'device': {
        const started = await oidc.initiateDeviceAuthorization(config, { scope });
        emit('device', { userCode: started.user_code, verificationUri: started.verification_uri, verificationUriComplete: started.verification_uri_complete ?? null });
        tokens = await oidc.pollDeviceAuthorizationGrant(config, started);
        break;
      }
      case 'refresh': {
        const previous = tokens.refresh_token;
        tokens = await oidc.refreshTokenGrant(config, previous);
        emit('refreshed', { rotated: tokens.refresh_token !== previous });
        break;
      }
      case 'userinfo': {
        emit('userinfo', { userinfo: await oidc.fetchUserInfo(config, tokens.access_token, subject) });
        continue;
      }
      case 'revoke': {
        const refreshToken = tokens.refresh_token;
        await oidc.tokenRevocation(config, refreshToken, { token_type_hint: 'refresh_token' });
        let afterwards = null;
        try {
          await oidc.refreshTokenGrant(config, refreshToken);
          afterwards = 'accepted';
        } catch (error) {
          afterwards = error.error ?? error.code ?? String(error);
        }
        emit('revoked', { refreshAfterRevocation: afterwards });
        continue;
      }
      case 'pause': {
        emit('paused', {});
        await readLine();
        continue;
      }
      case 'logout': {
        const state = oidc.randomState();
        const url = oidc.buildEndSessionUrl(config, { post_logout_redirect_uri: postLogoutRedirectUri, id_token_hint: idToken, state });
        emit('endSession', { url: url.href, state });
        continue;
      }
      default:
        throw new Error(`unknown step ${step}`);
    }
    const described = describe(tokens);
    idToken = described.idToken ?? idToken;
    subject = described.claims.sub ?? subject;
    emit('tokens', { step, ...described });
  } catch (error) {
    emit('error', failure(step, error));
    process.exit(1);
  }
}
process.exit(0);
