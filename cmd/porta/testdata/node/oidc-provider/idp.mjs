// Contoso's identity provider: oidc-provider, a certified OpenID Provider,
// with its development sign-in screens (any login, any password) and one
// client, Porta. The organization SSO tests start it on loopback and send
// browsers through it. Whoever signs in as LOGIN is the person LOGIN, an
// email address the provider vouches for.
//
// Environment: IDP_ADDR (host:port to listen on), IDP_ISSUER, CLIENT_ID,
// CLIENT_SECRET, REDIRECT_URI (Porta's callback).
import Provider from 'oidc-provider'

const { IDP_ADDR, IDP_ISSUER, CLIENT_ID, CLIENT_SECRET, REDIRECT_URI } = process.env

const provider = new Provider(IDP_ISSUER, {
  clients: [{
    client_id: CLIENT_ID,
    client_secret: CLIENT_SECRET,
    redirect_uris: [REDIRECT_URI],
    grant_types: ['authorization_code'],
    response_types: ['code'],
  }],
  claims: { email: ['email', 'email_verified'], profile: ['name'] },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { sub: id, email: id, email_verified: true, name: `Person of ${id}` }
      },
    }
  },
  cookies: { keys: ['test-only-cookie-key'] },
})
provider.on('server_error', (ctx, err) => console.error('idp server_error', err))

const [host, port] = IDP_ADDR.split(':')
provider.listen(Number(port), host, () => console.log('ready'))
