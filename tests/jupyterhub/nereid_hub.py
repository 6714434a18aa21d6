"""JupyterHub parts of Nereid's test harness (stand-ins, loaded by the harness's jupyterhub_config.py).

NereidTokenAuthenticator stands in for oauthenticator: the password is a Nereid personal access token, checked
against Nereid's /api/v1/me; the user name must be the local part of the person's email.

NereidOAuthenticator signs people in through Nereid's OpenID provider, like oauthenticator's GenericOAuthenticator (not
packaged in Debian): the authorization code flow with PKCE (S256), endpoints from the issuer's discovery document, the
code exchanged with the client secret, the person's claims from userinfo. Only people whose `groups` claim holds one of
`allowed_groups` (Nereid's `ns:<namespace>`) are admitted; the groups are read fresh at every login.

NereidProfileSpawner stands in for KubeSpawner: a SimpleLocalProcessSpawner whose options form, option parsing and
override resolution follow KubeSpawner's profile_list rules, with the list asked from Nereid with the person's token
on every form and every start. It reports what it resolved (namespace, image, resources) in user_options.
"""
import base64
import hashlib
import html
import json
import os
import secrets
from urllib.parse import quote, urlencode

from jupyterhub.auth import Authenticator
from jupyterhub.handlers import BaseHandler
from jupyterhub.spawner import SimpleLocalProcessSpawner
from jupyterhub.utils import url_path_join
from tornado import web
from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest
from traitlets import List, Unicode

# user name -> Nereid token, kept in the hub process (the real deployment keeps it in auth_state).
TOKENS = {}

# Traits KubeSpawner merges (dicts) instead of replacing.
DICT_TRAITS = {"extra_resource_guarantees", "extra_resource_limits", "node_selector", "extra_labels",
               "extra_annotations", "extra_container_config", "extra_pod_config", "environment"}


def nereid_url():
    # Re-read on each call: one hub per test assembly serves whichever Nereid the current test started.
    with open(os.environ["NEREID_URL_FILE"]) as f:
        return f.read().strip().rstrip("/")


async def nereid_get(token, path):
    request = HTTPRequest(nereid_url() + path, headers={"Authorization": "Bearer " + token, "Accept": "application/json"},
                          request_timeout=30)
    response = await AsyncHTTPClient().fetch(request)
    return json.loads(response.body)


def resolve(profiles, user_options):
    """KubeSpawner's rules: the profile by slug (or the default), then each option's chosen (or default) choice."""
    slug = user_options.get("profile")
    if not profiles:
        raise web.HTTPError(403, "Nereid offers you no session options: you need the user tier and a namespace.")
    profile = next((p for p in profiles if p["slug"] == slug), None) if slug else next(p for p in profiles if p.get("default"))
    if profile is None:
        raise web.HTTPError(400, "No such profile: %s" % slug)
    traits = {}
    apply(traits, profile.get("kubespawner_override", {}))
    for name, option in profile.get("profile_options", {}).items():
        choices = option["choices"]
        key = user_options.get(name) or next(k for k, c in choices.items() if c.get("default"))
        if key not in choices:
            raise web.HTTPError(400, "No choice %s for %s in profile %s" % (key, name, profile["slug"]))
        apply(traits, choices[key].get("kubespawner_override", {}))
    return profile, traits


def apply(traits, override):
    for key, value in override.items():
        if key in DICT_TRAITS and isinstance(traits.get(key), dict) and isinstance(value, dict):
            traits[key].update(value)
        else:
            traits[key] = value


class NereidTokenAuthenticator(Authenticator):
    async def authenticate(self, handler, data):
        token = data.get("password", "")
        try:
            me = await nereid_get(token, "/api/v1/me")
        except HTTPClientError:
            return None
        name = data.get("username", "")
        if name != me["email"].split("@")[0].lower():
            return None
        TOKENS[name] = token
        return name


STATE_COOKIE = "nereid-oauth-state"


class NereidLoginHandler(BaseHandler):
    """Sends the browser to Nereid's authorization endpoint; state and the PKCE verifier wait in a signed cookie."""

    async def get(self):
        auth = self.authenticator
        discovery = await auth.discovery()
        state = secrets.token_urlsafe(24)
        verifier = secrets.token_urlsafe(48)
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode("ascii")).digest()).rstrip(b"=").decode("ascii")
        self.set_secure_cookie(STATE_COOKIE, json.dumps({"state": state, "verifier": verifier, "next": self.get_argument("next", "")}),
                               expires_days=None, httponly=True, path=self.hub.base_url)
        query = urlencode({"response_type": "code", "client_id": auth.settings()[1], "redirect_uri": auth.callback_url,
                           "scope": " ".join(auth.scope), "state": state, "code_challenge": challenge, "code_challenge_method": "S256"})
        self.redirect(discovery["authorization_endpoint"] + "?" + query)


class NereidCallbackHandler(BaseHandler):
    """Checks the state, then lets the authenticator redeem the code; refuses people outside the allowed groups."""

    async def get(self):
        raw = self.get_secure_cookie(STATE_COOKIE, max_age_days=1)
        self.clear_cookie(STATE_COOKIE, path=self.hub.base_url)
        saved = json.loads(raw) if raw else None
        if self.get_argument("error", None):
            raise web.HTTPError(403, "Nereid refused the sign-in: %s" % self.get_argument("error"))
        if not saved or not secrets.compare_digest(saved["state"], self.get_argument("state", "")):
            raise web.HTTPError(400, "The sign-in state does not match; start again.")
        user = await self.login_user({"code": self.get_argument("code"), "code_verifier": saved["verifier"]})
        if user is None:
            raise web.HTTPError(403, "You are not a member of a namespace allowed to use this hub.")
        self.redirect(self.get_next_url(user, default=saved["next"] or None))


class NereidOAuthenticator(Authenticator):
    login_service = "Nereid"
    issuer = Unicode(config=True, help="Nereid's issuer URL (its discovery document is <issuer>/.well-known/openid-configuration).")
    client_id = Unicode(config=True)
    client_secret = Unicode(config=True)
    callback_url = Unicode(config=True, help="The hub's /hub/oauth_callback as registered with Nereid.")
    scope = List(Unicode(), default_value=["openid", "profile", "email", "groups"], config=True)
    allowed_groups = List(Unicode(), config=True, help="Nereid groups (ns:<namespace>) whose members may use the hub.")
    settings_file = Unicode("", config=True,
                            help="Test harness only: a JSON file with client_id, client_secret and allowed_groups, re-read at each "
                                 "login, and the issuer from NEREID_URL_FILE (the hub starts before the test registers its client).")

    def settings(self):
        if not self.settings_file:
            return self.issuer, self.client_id, self.client_secret, self.allowed_groups
        with open(self.settings_file) as f:
            s = json.load(f)
        return nereid_url(), s["client_id"], s["client_secret"], s["allowed_groups"]

    async def discovery(self):
        url = self.settings()[0].rstrip("/") + "/.well-known/openid-configuration"
        response = await AsyncHTTPClient().fetch(url, request_timeout=30)
        return json.loads(response.body)

    def login_url(self, base_url):
        return url_path_join(base_url, "oauth_login")

    def get_handlers(self, app):
        return [(r"/oauth_login", NereidLoginHandler), (r"/oauth_callback", NereidCallbackHandler)]

    async def authenticate(self, handler, data):
        discovery = await self.discovery()
        _, client_id, client_secret, allowed_groups = self.settings()
        # client_secret_basic: both parts form-encoded first (RFC 6749 §2.3.1).
        credentials = base64.b64encode(("%s:%s" % (quote(client_id, safe=""), quote(client_secret, safe=""))).encode("utf-8")).decode("ascii")
        body = urlencode({"grant_type": "authorization_code", "code": data["code"], "redirect_uri": self.callback_url,
                          "code_verifier": data["code_verifier"]})
        try:
            response = await AsyncHTTPClient().fetch(HTTPRequest(
                discovery["token_endpoint"], method="POST", body=body, request_timeout=30,
                headers={"Authorization": "Basic " + credentials, "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"}))
            tokens = json.loads(response.body)
            response = await AsyncHTTPClient().fetch(HTTPRequest(
                discovery["userinfo_endpoint"], request_timeout=30,
                headers={"Authorization": "Bearer " + tokens["access_token"], "Accept": "application/json"}))
        except HTTPClientError as e:
            # Not a refusal of the person: a failed exchange is the hub's or Nereid's problem, answered as such.
            self.log.warning("Nereid refused the code exchange or userinfo: %s %s", e.code, e.response.body if e.response else "")
            raise web.HTTPError(502, "Nereid did not accept the sign-in (%s); try again." % e.code)
        claims = json.loads(response.body)
        groups = claims.get("groups") or []
        if not set(groups) & set(allowed_groups):
            self.log.info("Refusing %s: groups %s hold none of %s", claims.get("sub"), groups, allowed_groups)
            return None
        # The hub user is the local part of the email, as Nereid's sessions API expects.
        name = claims["email"].split("@")[0].lower()
        return {"name": name, "auth_state": {"access_token": tokens["access_token"], "groups": groups, "sub": claims["sub"]}}


class NereidProfileSpawner(SimpleLocalProcessSpawner):
    async def profiles(self):
        token = TOKENS.get(self.user.name)
        return await nereid_get(token, "/api/v1/sessions/options") if token else []

    async def get_options_form(self):
        profiles = await self.profiles()
        if not profiles:
            return '<p id="no-options">Nereid offers you no session options.</p>'
        parts = []
        for p in profiles:
            slug = html.escape(p["slug"])
            checked = " checked" if p.get("default") else ""
            parts.append('<fieldset data-profile="%s"><label><input type="radio" name="profile" value="%s"%s> %s</label>'
                         % (slug, slug, checked, html.escape(p["display_name"])))
            for name, option in p.get("profile_options", {}).items():
                parts.append('<select name="profile-option-%s--%s">' % (slug, html.escape(name)))
                for key, choice in option["choices"].items():
                    selected = " selected" if choice.get("default") else ""
                    parts.append('<option value="%s"%s>%s</option>' % (html.escape(key), selected, html.escape(choice["display_name"])))
                parts.append("</select>")
            parts.append("</fieldset>")
        return "\n".join(parts)

    def options_from_form(self, formdata):
        slug = formdata.get("profile", [None])[0]
        options = {}
        if slug:
            options["profile"] = slug
            prefix = "profile-option-%s--" % slug
            for key, values in formdata.items():
                if key.startswith(prefix):
                    options[key[len(prefix):]] = values[0]
        return options

    async def start(self):
        profile, traits = resolve(await self.profiles(), self.user_options or {})
        guarantees = traits.get("extra_resource_guarantees", {})
        resources = {"cpu": traits.get("cpu_guarantee"), "memory": traits.get("mem_guarantee")}
        resources.update(guarantees)
        self.user_options = dict(self.user_options or {}, profile=profile["slug"], namespace=traits.get("namespace"),
                                 image=traits.get("image"), resources=resources)
        self.orm_spawner.user_options = self.user_options
        self.cpu_limit = traits.get("cpu_limit")
        self.mem_limit = traits.get("mem_limit")
        self.cpu_guarantee = traits.get("cpu_guarantee")
        self.mem_guarantee = traits.get("mem_guarantee")
        self.environment = dict(self.environment, NEREID_NAMESPACE=traits.get("namespace") or "",
                                JUPYTER_IMAGE_SPEC=traits.get("image") or "")
        return await super().start()
