// Ledger, a product that signs people in through Porta with openid-client
// (a certified relying party) used as its documentation shows, and nothing
// Porta-specific. The OpenID browser tests drive it the way they drive the
// Go product (cmd/porta/product_test.go); both answer the same paths:
//
//   /login        to Porta's authorize (code + PKCE S256, state, nonce);
//                 ?acr=… asks for acr_values, ?prompt=… passes prompt
//   /callback     redeems the code, checks the ID token's signature against
//                 the JWKS, calls userinfo, shows "Signed in to Ledger as …"
//   /me           what the last sign-in said, as JSON
//   /refresh      rotates the refresh token, then replays the old one
//   /logout       to Porta's end_session, back at /signed-out
//
// Environment: PORTA_ISSUER, PRODUCT_ADDR (host:port to listen on),
// CLIENT_ID and, for a confidential client, CLIENT_SECRET.
import http from 'node:http'
import * as client from 'openid-client'

const { PORTA_ISSUER, PRODUCT_ADDR, CLIENT_ID, CLIENT_SECRET } = process.env
const base = `http://${PRODUCT_ADDR}`
const auth = CLIENT_SECRET ? client.ClientSecretBasic(CLIENT_SECRET) : client.None()
const config = await client.discovery(new URL(PORTA_ISSUER), CLIENT_ID, CLIENT_SECRET, auth, {
  execute: [client.allowInsecureRequests], // Porta listens on plain http in the tests
})
client.enableNonRepudiationChecks(config) // verify ID token signatures against the JWKS

const pending = new Map() // state → { verifier, nonce }
let tokens = null
let me = null

const page = (res, status, text) => {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' })
  res.end(`<!doctype html><html lang="en"><title>Ledger</title><main><h1>${text}</h1></main></html>`)
}
const json = (res, value) => {
  res.writeHead(200, { 'content-type': 'application/json' })
  res.end(JSON.stringify(value))
}
const oauthError = async (f) => {
  try {
    await f()
    return 'ok'
  } catch (e) {
    return e.error || e.code || String(e)
  }
}

const routes = {
  async '/login'(req, res, url) {
    const verifier = client.randomPKCECodeVerifier()
    const state = client.randomState()
    const nonce = client.randomNonce()
    pending.set(state, { verifier, nonce })
    const params = {
      redirect_uri: `${base}/callback`,
      scope: 'openid email profile offline_access',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    }
    if (url.searchParams.get('acr')) params.acr_values = url.searchParams.get('acr')
    if (url.searchParams.get('prompt')) params.prompt = url.searchParams.get('prompt')
    res.writeHead(302, { location: client.buildAuthorizationUrl(config, params).href })
    res.end()
  },
  async '/callback'(req, res, url) {
    const state = url.searchParams.get('state')
    const flow = pending.get(state)
    if (url.searchParams.get('error')) return page(res, 200, `Porta said ${url.searchParams.get('error')}`)
    if (!flow) return page(res, 400, 'Unknown state')
    pending.delete(state)
    tokens = await client.authorizationCodeGrant(config, url, {
      pkceCodeVerifier: flow.verifier,
      expectedState: state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    })
    const claims = tokens.claims()
    const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub)
    me = { sub: claims.sub, email: claims.email, amr: claims.amr || [], acr: claims.acr || '', userinfoEmail: info.email }
    page(res, 200, `Signed in to Ledger as ${claims.email}`)
  },
  async '/me'(req, res) {
    json(res, me)
  },
  async '/refresh'(req, res) {
    const old = tokens.refresh_token
    let fresh = null
    const first = await oauthError(async () => {
      fresh = await client.refreshTokenGrant(config, old)
    })
    const reuse = await oauthError(() => client.refreshTokenGrant(config, old))
    const afterReuse = fresh ? await oauthError(() => client.refreshTokenGrant(config, fresh.refresh_token)) : 'no token'
    json(res, { first, rotated: !!fresh && fresh.refresh_token !== old, reuse, afterReuse })
  },
  async '/logout'(req, res) {
    const to = client.buildEndSessionUrl(config, {
      id_token_hint: tokens.id_token,
      post_logout_redirect_uri: `${base}/signed-out`,
    })
    res.writeHead(302, { location: to.href })
    res.end()
  },
  async '/signed-out'(req, res) {
    page(res, 200, 'Signed out of Ledger')
  },
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, base)
  const route = routes[url.pathname]
  if (!route) return page(res, 404, 'Not found')
  try {
    await route(req, res, url)
  } catch (e) {
    page(res, 500, `Ledger failed: ${e.error || e.code || ''} ${e.message}`)
  }
})
const [host, port] = PRODUCT_ADDR.split(':')
server.listen(Number(port), host, () => console.log('ready'))
