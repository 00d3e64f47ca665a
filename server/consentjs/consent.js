/* Tillit cookie banner, generated from the controller's register. No dependencies.
   API: tillitConsent.get() -> {categories, chosen, gpc, id, at}; tillitConsent.open();
   event "tillit:consent" on document; [data-tillit-consent-open] reopens. */
(function (C) {
"use strict";
if (window.tillitConsent) return;
var KEY = "tillit.consent", MAX = 365 * 864e5, d = document;
var me = d.currentScript, base = me && me.src || location.href;
var endpoint = new URL("/consent/choices", base).href;
function pick(s) { s = (s || "").slice(0, 2).toLowerCase(); return s == "sv" || s == "en" ? s : ""; }
var lang = pick(me && me.getAttribute("data-lang")) || pick(d.documentElement.lang) || pick(navigator.language) || C.lang;
var T = C.tx[lang], gpc = C.gpc || navigator.globalPrivacyControl === true;
var button = !(me && me.getAttribute("data-button") == "off");
function L(t) { return t && (t[lang] || t.sv || t.en) || ""; }
var opt = C.cats.filter(function (c) { return !c.n; });
var ask = opt.filter(function (c) { return !(gpc && c.g); });

var raw = null;
try { raw = JSON.parse(localStorage.getItem(KEY)); } catch (e) {}
// A choice counts while the register's cookies are the same and it is less than a year old.
var state = raw && raw.h == C.h && raw.v == C.v && Date.now() - raw.t < MAX ? raw : null;
var last = raw && (raw.id || raw.prev) || "";

function get() {
  var out = {};
  C.cats.forEach(function (c) { out[c.id] = !!c.n || !!(state && state.c[c.id] && !(gpc && c.g)); });
  return { categories: out, chosen: !!state, gpc: gpc, id: state && state.id || null, at: state ? new Date(state.t).toISOString() : null };
}
function emit() { d.dispatchEvent(new CustomEvent("tillit:consent", { detail: get() })); }
function keep(s) { try { localStorage.setItem(KEY, JSON.stringify(s)); } catch (e) {} }

// send stores the proof of a choice with Tillit; one not sent is sent again on the next page.
function send(s) {
  fetch(endpoint, {
    method: "POST", mode: "cors", credentials: "omit",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ version: C.v, hash: C.h, categories: s.c, via: s.via, gpc: gpc, replaces: s.prev || "" })
  }).then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); }).then(function (p) {
    s.id = p.id; s.sent = 1; delete s.prev;
    if (state == s) keep(s);
  }).catch(function (e) { if (window.console) console.warn("tillit: the cookie choice was not recorded", e); });
}

function choose(c, via) {
  state = { c: c, via: via, prev: state ? state.id || state.prev || "" : last, t: Date.now(), v: C.v, h: C.h, sent: 0 };
  keep(state); send(state); emit();
}
function all(on) {
  var c = {};
  opt.forEach(function (x) { c[x.id] = on && !(gpc && x.g); });
  return c;
}

var CSS = ":host{all:initial}*{box-sizing:border-box}[hidden]{display:none!important}" +
  ".box{position:fixed;z-index:2147483000;left:50%;bottom:1rem;transform:translateX(-50%);width:calc(100% - 2rem);max-width:42rem;max-height:calc(100vh - 2rem);overflow:auto;" +
  "background:#fff;color:#1b2430;border:1px solid #b8c2cc;border-radius:8px;box-shadow:0 6px 28px rgba(0,0,0,.28);padding:1.25rem 1.4rem;font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;text-align:left}" +
  "h2{font-size:1.2rem;margin:0 0 .5rem;line-height:1.3;color:#1b2430}p{margin:0 0 .75rem}a{color:#1d5a85}" +
  ".gpc{background:#e6f3ea;color:#1e6b3a;border-left:4px solid #1e6b3a;padding:.5rem .75rem;border-radius:4px}" +
  ".acts{display:flex;flex-wrap:wrap;gap:.6rem;margin:.5rem 0;padding:.5rem 0;position:sticky;bottom:-1.25rem;background:#fff}" +
  "button{font:inherit;font-weight:600;cursor:pointer;border-radius:6px;padding:.6rem 1.1rem;min-height:2.75rem;border:2px solid #1f4e6e;background:#1f4e6e;color:#fff;flex:1 1 10rem}" +
  "button.alt{background:#fff;color:#1f4e6e}button:hover{background:#163a52;color:#fff}" +
  "button:focus-visible,a:focus-visible,input:focus-visible,summary:focus-visible{outline:3px solid #1b2430;outline-offset:2px;box-shadow:0 0 0 5px #f2b705}" +
  ".box:focus{outline:none}" +
  ".cat{border-top:1px solid #d8dee5;padding:.75rem 0}.row{display:flex;align-items:center;justify-content:space-between;gap:1rem}" +
  ".row span{display:flex;align-items:center}.row label{font-weight:600}.row small{color:#505c69;font-weight:400;margin-right:.5rem}.cat p{color:#3d4752;margin:.25rem 0}" +
  "input{appearance:none;-webkit-appearance:none;flex:none;width:2.9rem;height:1.6rem;border-radius:1rem;background:#6b7785;position:relative;cursor:pointer;margin:0}" +
  "input::before{content:'';position:absolute;top:.2rem;left:.2rem;width:1.2rem;height:1.2rem;border-radius:50%;background:#fff}" +
  "input:checked{background:#1f4e6e}input:checked::before{left:1.5rem}input:disabled{cursor:not-allowed;opacity:.75}" +
  "details{font-size:.9rem;margin-top:.25rem}summary{cursor:pointer;color:#1d5a85}ul{margin:.4rem 0;padding-left:1.2rem}li{margin:.3rem 0}" +
  ".small{font-size:.9rem;color:#505c69;margin:.25rem 0 0}" +
  ".reopen{position:fixed;z-index:2147483000;left:1rem;bottom:1rem;flex:none;min-height:0;padding:.4rem .8rem;font-size:.85rem;box-shadow:0 2px 10px rgba(0,0,0,.25)}" +
  ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}@media print{.box,.reopen{display:none}}";

var host, root, box, panel, reopen, live, back, pending = false;
function el(tag, attrs, kids) {
  var e = d.createElement(tag);
  for (var k in attrs || {}) if (attrs[k] !== false && attrs[k] != null) k == "text" ? e.textContent = attrs[k] : e.setAttribute(k, attrs[k] === true ? "" : attrs[k]);
  (kids || []).forEach(function (x) { if (x) e.appendChild(x); });
  return e;
}
function btn(act, label, alt) { return el("button", { type: "button", "data-act": act, "class": alt ? "alt" : false, text: label }); }

function category(c) {
  var id = "tc-" + c.id, off = gpc && c.g, on = !!c.n || !!(state && state.c[c.id]) && !off;
  var tools = (c.t || []).map(function (t) {
    var bits = [L(t.d)];
    if (t.to) bits.push(T.recipient + ": " + t.to);
    if (t.c && t.c.length) bits.push(T.cookies + ": " + t.c.join(", "));
    if (L(t.r)) bits.push(T.retention + ": " + L(t.r));
    return el("li", {}, [el("strong", { text: t.n }), d.createTextNode(" " + bits.filter(Boolean).join(". "))]);
  });
  return el("div", { "class": "cat" }, [
    el("div", { "class": "row" }, [
      el("label", { "for": id, text: L(c.l) }),
      el("span", {}, [
        c.n || off ? el("small", { id: id + "-s", text: c.n ? T.always : T.gpc_off }) : null,
        el("input", { type: "checkbox", role: "switch", id: id, "data-cat": c.id, checked: on, disabled: !!c.n || off, "aria-describedby": c.n || off ? id + "-s" : false })
      ])
    ]),
    L(c.d) ? el("p", { text: L(c.d) }) : null,
    tools.length ? el("details", {}, [el("summary", { text: T.tools + " (" + tools.length + ")" }), el("ul", {}, tools)]) : null
  ]);
}

function mount() {
  if (host) return;
  host = el("div", { id: "tillit-consent" });
  root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
  var privacy = new URL("/privacy", base); privacy.searchParams.set("lang", lang);
  panel = el("div", { id: "tc-choices", role: "group", "aria-label": T.choices, hidden: true }, C.cats.map(category));
  box = el("div", { "class": "box", role: "dialog", "aria-modal": "false", "aria-labelledby": "tc-title", "aria-describedby": "tc-intro", tabindex: "-1", lang: lang, hidden: true }, [
    el("h2", { id: "tc-title", text: T.title }),
    el("p", { id: "tc-intro", text: T.intro }),
    gpc && opt.some(function (c) { return c.g; }) ? el("p", { "class": "gpc", text: T.gpc }) : null,
    panel,
    el("div", { "class": "acts" }, [btn("reject", T.reject), btn("accept", T.accept), btn("choose", T.choose, 1), btn("save", T.save, 1)]),
    el("p", { "class": "small" }, [el("a", { href: privacy.href, target: "_blank", rel: "noopener", text: T.privacy })]),
    el("p", { "class": "small" }, [el("button", { type: "button", "data-act": "close", "class": "alt", hidden: true, text: T.close })])
  ]);
  box.querySelector("[data-act=choose]").setAttribute("aria-controls", "tc-choices");
  reopen = el("button", { type: "button", "class": "reopen", "data-act": "open", lang: lang, hidden: true, text: T.settings });
  live = el("div", { "class": "sr", role: "status", "aria-live": "polite" });
  var style = el("style", { text: CSS });
  [style, box, reopen, live].forEach(function (x) { root.appendChild(x); });
  root.addEventListener("click", function (e) {
    var b = e.target.closest && e.target.closest("[data-act]");
    if (b) act(b.getAttribute("data-act"), b);
  });
  box.addEventListener("keydown", function (e) { if (e.key == "Escape" && state) { e.preventDefault(); hide(); } });
  d.body.appendChild(host);
}

function act(a, b) {
  if (a == "accept") done(all(true), "accept_all");
  else if (a == "reject") done(all(false), "reject_all");
  else if (a == "choose") { expand(true); var s = panel.querySelector("input:not([disabled])"); if (s) s.focus(); }
  else if (a == "save") {
    var c = all(false);
    panel.querySelectorAll("input[data-cat]:not([disabled])").forEach(function (i) { c[i.getAttribute("data-cat")] = i.checked; });
    done(c, "choose");
  } else if (a == "close") hide();
  else if (a == "open") open(b);
}
function done(c, via) { choose(c, via); hide(); live.textContent = T.saved; }
function expand(on) {
  panel.hidden = !on;
  box.querySelector("[data-act=choose]").hidden = on;
  box.querySelector("[data-act=save]").hidden = !on;
  box.querySelector("[data-act=choose]").setAttribute("aria-expanded", on ? "true" : "false");
}
function sync() {
  panel.querySelectorAll("input[data-cat]").forEach(function (i) {
    var c = C.cats.filter(function (x) { return x.id == i.getAttribute("data-cat"); })[0];
    i.checked = !!c.n || !!(state && state.c[c.id]) && !(gpc && c.g);
  });
}
function show(expanded, from) {
  mount(); sync(); expand(expanded);
  box.querySelector("[data-act=close]").hidden = !state;
  box.hidden = false; reopen.hidden = true; live.textContent = "";
  back = from || null;
  box.focus();
}
function hide() {
  box.hidden = true;
  reopen.hidden = !button || !state;
  var to = back && back.isConnected && back != reopen ? back : reopen.hidden ? null : reopen;
  back = null;
  if (to) to.focus();
}
function open(from) {
  if (!d.body) { pending = true; return; }
  show(!!state || ask.length == 0, from && from.nodeType == 1 ? from : d.activeElement == host ? reopen : d.activeElement);
}

d.addEventListener("click", function (e) {
  var t = e.target.closest && e.target.closest("[data-tillit-consent-open]");
  if (t) { e.preventDefault(); open(t); }
});
window.tillitConsent = { get: get, open: function () { open(); } };

function start() {
  mount();
  if (state) {
    if (!state.sent) send(state);
    emit();
  } else if (opt.length) {
    // With nothing left to ask, Global Privacy Control has answered for the visitor.
    if (!ask.length) choose(all(false), "gpc");
    else show(false);
  }
  if (state) reopen.hidden = !button;
  if (pending) open();
}
if (d.body) start(); else d.addEventListener("DOMContentLoaded", start);
})(/*CONFIG*/null);
