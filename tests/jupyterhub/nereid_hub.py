"""JupyterHub parts of Nereid's test harness (stand-ins, loaded by the harness's jupyterhub_config.py).

NereidTokenAuthenticator stands in for oauthenticator: the password is a Nereid personal access token, checked
against Nereid's /api/v1/me; the user name must be the local part of the person's email.

NereidProfileSpawner stands in for KubeSpawner: a SimpleLocalProcessSpawner whose options form, option parsing and
override resolution follow KubeSpawner's profile_list rules, with the list asked from Nereid with the person's token
on every form and every start. It reports what it resolved (namespace, image, resources) in user_options.
"""
import html
import json
import os

from jupyterhub.auth import Authenticator
from jupyterhub.spawner import SimpleLocalProcessSpawner
from tornado import web
from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest
from traitlets import Unicode

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
