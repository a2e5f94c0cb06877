// eventwire dashboard: hash-routed views over the JSON API (docs/api.md).
// Everything that comes from the API is put in the page as text (textContent,
// text nodes, setAttribute); no HTML is ever parsed from data.
"use strict";

(function () {
  // Every menu (event types, CAMEO roots, quad classes, statuses, modalities, sorts, periods, the
  // filters themselves) comes from GET v1/vocabulary, fetched on first use; nothing is copied here.
  let VOCAB = null;
  let QUADS = []; // [{key: "verbal_cooperation", value: 1, label: "verbal cooperation"}, ...]
  function useVocabulary(vocab) {
    VOCAB = vocab;
    QUADS = vocab.quad_classes.map((q) => ({ key: q.name, value: q.value, label: q.name.replace(/_/g, " ") }));
  }
  // Query parameters of GET v1/events that the event view passes through from its hash.
  const eventParams = () => [...VOCAB.filters.map((f) => f.name), "sort"];
  const PAGE_SIZE = 50;
  const TOKEN_KEY = "eventwire.token";

  // ---- DOM helpers ---------------------------------------------------------------------

  function setAttrs(node, attrs) {
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? "" : String(value));
    }
  }

  function appendAll(node, children) {
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }

  // h("a", {href: "#/x"}, "text", child...): an element whose strings become text nodes.
  function h(tag, attrs, ...children) {
    const node = document.createElement(tag);
    setAttrs(node, attrs);
    appendAll(node, children);
    return node;
  }

  function svg(tag, attrs, ...children) {
    const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    setAttrs(node, attrs);
    appendAll(node, children);
    return node;
  }

  function option(value, label, selected) {
    return h("option", { value, selected: selected ? true : null }, label);
  }

  // Only http(s) links leave the dashboard; anything else (javascript:, data:) is not linked.
  function safeUrl(url) {
    try {
      const parsed = new URL(url);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch (_) {
      return null;
    }
  }

  function plural(n, word) {
    return `${n} ${word}${n === 1 ? "" : "s"}`;
  }

  function fmt(x, digits = 1) {
    return x === null || x === undefined ? "—" : Number(x).toFixed(digits);
  }

  // ---- API -----------------------------------------------------------------------------

  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  function queryString(params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) {
      if (v !== undefined && v !== null && v !== "") q.set(k, v);
    }
    const s = q.toString();
    return s ? "?" + s : "";
  }

  async function api(path, params) {
    const headers = { Accept: "application/json" };
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) headers.Authorization = "Bearer " + token;
    let response;
    try {
      response = await fetch(path + queryString(params), { headers });
    } catch (err) {
      throw new ApiError(0, `the server cannot be reached (${err.message})`);
    }
    let body = null;
    try {
      body = await response.json();
    } catch (_) {
      // not JSON: reported below by status
    }
    if (!response.ok) {
      const message = body && body.error ? body.error : response.statusText || "request failed";
      throw new ApiError(response.status, message);
    }
    return body;
  }

  // ---- messages and the token ----------------------------------------------------------

  const messageBox = document.getElementById("message");

  function showMessage(content, kind) {
    messageBox.replaceChildren(...[content].flat());
    messageBox.className = "message " + (kind || "error");
    messageBox.hidden = false;
  }

  function clearMessage() {
    messageBox.replaceChildren();
    messageBox.hidden = true;
  }

  function errorText(err) {
    return err instanceof ApiError && err.status ? `${err.message} (HTTP ${err.status})` : String(err.message || err);
  }

  function showError(err) {
    if (err instanceof ApiError && err.status === 401) askToken(err.message);
    else showMessage(h("span", { "data-testid": "error" }, errorText(err)));
  }

  function askToken(reason) {
    const input = h("input", { type: "password", autocomplete: "off", placeholder: "token",
      "aria-label": "API token", "data-testid": "token-input" });
    const form = h("form", { class: "token-form", "data-testid": "token-form" },
      h("span", {}, `This server needs a token (${reason}).`), input,
      h("button", { type: "submit" }, "Use token"));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      sessionStorage.setItem(TOKEN_KEY, input.value.trim());
      route();
    });
    showMessage(form, "auth");
    input.focus();
  }

  // ---- router --------------------------------------------------------------------------

  function go(view, params) {
    location.hash = "#/" + view + queryString(params);
  }

  function parseHash() {
    const raw = location.hash.replace(/^#\/?/, "");
    const cut = raw.indexOf("?");
    const path = cut < 0 ? raw : raw.slice(0, cut);
    const parts = path.split("/").filter(Boolean).map((p) => {
      try { return decodeURIComponent(p); } catch (_) { return p; }
    });
    const params = Object.fromEntries(new URLSearchParams(cut < 0 ? "" : raw.slice(cut + 1)));
    return { view: parts[0] || "dyad", args: parts.slice(1), params };
  }

  const VIEWS = { dyad: dyadView, events: eventsView, article: articleView, actors: actorsView };
  const ALIASES = { articles: "article", event: "events", dyads: "dyad", actor: "actors" };
  let generation = 0;

  async function route() {
    const parsed = parseHash();
    const view = ALIASES[parsed.view] || parsed.view;
    const { args, params } = parsed;
    const current = ++generation;
    clearMessage();
    for (const link of document.querySelectorAll("nav a")) {
      link.classList.toggle("active", link.dataset.view === view);
    }
    const container = h("div", { class: "view view-" + view, "data-testid": "view-" + view });
    // shown until the view has what it needs from the API (the event table says so on its own)
    const loading = h("p", { class: "loading view-loading", "data-testid": "view-loading", role: "status" }, "Loading…");
    const main = document.getElementById("view");
    main.replaceChildren(loading, container);
    main.setAttribute("aria-busy", "true");
    if (!VIEWS[view]) {
      loading.remove();
      main.removeAttribute("aria-busy");
      showMessage(`There is no view "${view}".`);
      return;
    }
    try {
      if (!VOCAB) useVocabulary(await api("v1/vocabulary"));
      await VIEWS[view](container, args, params);
    } catch (err) {
      if (current === generation) showError(err);
    } finally {
      loading.remove();
      if (current === generation) main.removeAttribute("aria-busy");
    }
  }

  // ---- shared pieces: actors, badges, highlighted text ---------------------------------

  function actorLabel(actor) {
    if (!actor) return h("span", { class: "actor none", title: "no actor" }, "—");
    const details = [actor.name, actor.text && `“${actor.text}”`].filter(Boolean).join(" ");
    return h("span", { class: "actor", title: details || null }, actor.code || actor.text || "?");
  }

  function eventSummary(ev) {
    const type = ev.mode ? `${ev.event_type} (${ev.mode})` : ev.event_type;
    return h("span", { class: "summary" }, actorLabel(ev.source), h("span", { class: "arrow" }, " → "),
      h("span", { class: "etype" }, type), h("span", { class: "arrow" }, " → "), actorLabel(ev.target));
  }

  function attributionBadge(status) {
    const known = VOCAB.attributions.includes(status) ? status : "other";
    return h("span", { class: "badge attr-" + known, "data-testid": "attribution" }, status || "unknown");
  }

  function sourcing(ev) {
    const status = ev.attribution ? ev.attribution.status : null;
    return h("span", { class: "sourcing" }, attributionBadge(status),
      ev.modality && ev.modality !== "asserted" ? h("span", { class: "modality", "data-testid": "modality" }, ev.modality) : null);
  }

  // Cut `text` (which starts at article offset `base`) at every span boundary; each piece
  // belongs to the spans covering it. Offsets are article-relative; null ones are skipped.
  function pieces(text, base, spans) {
    const clipped = [];
    for (const span of spans) {
      if (span.start === null || span.start === undefined || span.end === null || span.end === undefined) continue;
      const start = Math.max(0, span.start - base);
      const end = Math.min(text.length, span.end - base);
      if (end > start) clipped.push({ ...span, start, end });
    }
    const cuts = [...new Set([0, text.length, ...clipped.flatMap((s) => [s.start, s.end])])].sort((a, b) => a - b);
    const out = [];
    for (let i = 0; i + 1 < cuts.length; i++) {
      const covering = clipped.filter((s) => s.start <= cuts[i] && cuts[i + 1] <= s.end);
      out.push({ text: text.slice(cuts[i], cuts[i + 1]), spans: covering });
    }
    return out;
  }

  // The evidence sentence with trigger, source and target marked (trigger wins an overlap).
  function evidenceSentence(ev) {
    const base = ev.evidence ? ev.evidence.start : 0;
    const spans = [];
    if (ev.trigger) spans.push({ ...ev.trigger, kind: "trigger", label: "trigger" });
    if (ev.source) spans.push({ start: ev.source.start, end: ev.source.end, kind: "source", label: "source " + (ev.source.code || "") });
    if (ev.target) spans.push({ start: ev.target.start, end: ev.target.end, kind: "target", label: "target " + (ev.target.code || "") });
    const nodes = [];
    for (const piece of pieces(ev.text || "", base, spans)) {
      const span = piece.spans[0];
      const last = nodes[nodes.length - 1];
      if (span && last && last.span === span) last.text += piece.text;
      else nodes.push({ span, text: piece.text });
    }
    return h("blockquote", { class: "evidence", "data-testid": "evidence" }, nodes.map((n) => n.span
      ? h("mark", { class: "hl-" + n.span.kind, title: n.span.label, "data-testid": "hl-" + n.span.kind }, n.text)
      : n.text));
  }

  // ---- event table ---------------------------------------------------------------------

  // A table of event reports from GET v1/events (params: its filters), paged by next_cursor.
  function eventTable(params) {
    const tbody = h("tbody");
    const status = h("p", { class: "table-status", "data-testid": "event-count" }, "Loading…");
    const more = h("button", { type: "button", class: "more", "data-testid": "load-more", hidden: true }, "Load more");
    let cursor = null;
    let shown = 0;
    let total = null; // asked for with the first page only
    async function loadPage() {
      more.disabled = true;
      try {
        const page = await api("v1/events", { ...params, limit: PAGE_SIZE, cursor, count: cursor ? null : "true" });
        for (const ev of page.events) tbody.append(eventRow(ev));
        shown += page.events.length;
        total = page.total ?? total;
        cursor = page.next_cursor;
        status.textContent = shown
          ? `${plural(total, "event report")}${cursor ? `, ${shown} shown; more below` : ""}`
          : "No events match.";
      } catch (err) {
        status.textContent = "The events could not be loaded.";
        showError(err);
      } finally {
        more.hidden = !cursor;
        more.disabled = false;
      }
    }
    more.addEventListener("click", loadPage);
    const wrap = h("div", { class: "event-table" }, status, eventsTableElement(tbody), more);
    loadPage();
    return wrap;
  }

  function eventsTableElement(tbody) {
    const head = ["Date", "Event", "Trigger", "Sourcing", "Outlet"].map((t) => h("th", { scope: "col" }, t));
    return h("table", { class: "events", "data-testid": "event-table" }, h("thead", {}, h("tr", {}, head)), tbody);
  }

  // A mark after a date known only to its month (2025-11) or year (2025).
  function monthOnly(date) {
    if (!date || date.length >= 10) return null;
    const what = date.length === 7 ? "month" : "year";
    return h("span", { class: "badge month-only", "data-testid": "month-only", title: `dated only to the ${what}` },
      ` ${what} only`);
  }

  // One row; a click (or Enter) expands the report's full record below it.
  function eventRow(ev) {
    const row = h("tr", { class: "event-row" + (ev.happened === false ? " not-happened" : ""), tabindex: 0,
      "aria-expanded": "false", "data-testid": "event-row", "data-event-id": ev.id, "data-type": ev.event_type },
      h("td", { class: "date" }, ev.date || "—", monthOnly(ev.date)),
      h("td", {}, eventSummary(ev)),
      h("td", { class: "trigger" }, ev.trigger ? ev.trigger.text : ""),
      h("td", {}, sourcing(ev)),
      h("td", { class: "outlet" }, ev.article ? ev.article.outlet : ""));
    let detail = null;
    async function toggle() {
      if (detail) {
        detail.remove();
        detail = null;
        row.setAttribute("aria-expanded", "false");
        return;
      }
      const cell = h("td", { colspan: 5 }, h("p", { class: "loading" }, "Loading…"));
      detail = h("tr", { class: "detail-row" }, cell);
      row.after(detail);
      row.setAttribute("aria-expanded", "true");
      try {
        cell.replaceChildren(eventDetail(await api("v1/events/" + encodeURIComponent(ev.id))));
      } catch (err) {
        cell.replaceChildren(h("p", { class: "error" }, errorText(err)));
        showError(err);
      }
    }
    row.addEventListener("click", toggle);
    row.addEventListener("keydown", (e) => {
      if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        toggle();
      }
    });
    return row;
  }

  function fact(label, ...value) {
    return [h("dt", {}, label), h("dd", {}, value)];
  }

  function actorFact(actor) {
    if (!actor) return "none coded";
    return [h("strong", {}, actor.code || "?"), actor.name ? ` ${actor.name}` : "",
      actor.text ? h("span", { class: "muted" }, ` — “${actor.text}”`) : "",
      actor.reason ? h("div", { class: "reason" }, actor.reason) : null];
  }

  // The expanded record: evidence, who/what, sourcing, quote, and every report of the event.
  function eventDetail(ev) {
    const attribution = ev.attribution || {};
    const quad = QUADS.find((q) => q.value === ev.quad_class);
    const facts = [
      fact("Source", actorFact(ev.source)),
      fact("Target", actorFact(ev.target)),
      fact("Event", `${ev.event_type}${ev.mode ? " (" + ev.mode + ")" : ""}, CAMEO ${ev.cameo || "—"}`,
        ` · Goldstein ${fmt(ev.goldstein)}`, quad ? ` · ${quad.label}` : ""),
      fact("Date", ev.date || "—", ev.date_precision ? h("span", { class: "muted" }, ` (${ev.date_precision})`) : ""),
      fact("Attribution", attributionBadge(attribution.status),
        attribution.sources && attribution.sources.length ? ` according to ${attribution.sources.join("; ")}` : "",
        attribution.cue ? h("span", { class: "muted" }, ` — cue “${attribution.cue}”`) : ""),
      fact("Modality", ev.modality || "—", ev.happened === false ? h("span", { class: "muted" }, " (did not happen)") : ""),
    ];
    if (ev.quote) {
      facts.push(fact("Quote", h("q", { "data-testid": "quote" }, ev.quote.text),
        ev.quote.speaker ? ` — ${ev.quote.speaker}` : ""));
    }
    if (ev.location) facts.push(fact("Location", [ev.location.name || ev.location.text, ev.location.country].filter(Boolean).join(", ")));
    facts.push(fact("Confidence", fmt(ev.confidence, 2), ev.rule ? h("span", { class: "muted" }, ` · rule ${ev.rule}`) : ""));

    const reports = ev.reports || [];
    return h("div", { class: "event-detail", "data-testid": "event-detail" },
      evidenceSentence(ev),
      h("p", { class: "key" }, h("mark", { class: "hl-trigger" }, "trigger"), " ",
        h("mark", { class: "hl-source" }, "source"), " ", h("mark", { class: "hl-target" }, "target")),
      h("dl", { class: "facts" }, facts),
      h("h4", {}, `Reports of this event (${ev.reports_total ?? reports.length})`),
      h("ol", { class: "reports", "data-testid": "reports" }, reports.map(reportItem)));
  }

  function reportItem(report) {
    const article = report.article || {};
    const external = safeUrl(article.url);
    const hash = "#/article/" + encodeURIComponent(article.id) + queryString({ event: report.id });
    return h("li", { class: "report", "data-testid": "report" },
      h("div", {}, h("span", { class: "outlet" }, article.outlet || "?"), " · ", article.date || "—", " · ",
        h("a", { href: hash, "data-testid": "report-article-link" }, article.title || article.doc_id || article.id),
        external ? [" · ", h("a", { href: external, target: "_blank", rel: "noopener noreferrer" }, "source ↗")] : null,
        " ", sourcing(report)),
      h("div", { class: "muted report-text" }, report.text || ""));
  }

  // ---- dyad view -----------------------------------------------------------------------

  let countryActors = null; // the actors for the dyad pickers ({actor, name}), fetched once

  async function dyadView(root, _args, params) {
    if (!countryActors) {
      countryActors = (await api("v1/actors", { level: "country", limit: 200 })).actors;
    }
    const names = countryActors.map((c) => c.actor);
    const label = (code) => {
      const known = countryActors.find((c) => c.actor === code);
      return known && known.name ? `${code} — ${known.name}` : code;
    };
    const a = (params.a || (names.includes("USA") ? "USA" : names[0]) || "").toUpperCase();
    const b = (params.b || (names.includes("VEN") ? "VEN" : names.find((n) => n !== a)) || "").toUpperCase();
    const state = {
      a, b,
      by: VOCAB.periods.includes(params.by) ? params.by : "week",
      measure: params.measure === "mean" ? "mean" : "sum",
      hypothetical: params.hypothetical === "1" ? "1" : null,
      period: params.period || null,
    };
    const update = (change) => go("dyad", { ...state, ...change });

    const pick = (which, value) => h("select", { "data-testid": "dyad-" + which, "aria-label": "actor " + which.toUpperCase(),
      onchange: (e) => update({ [which]: e.target.value, period: null }) },
      [...new Set([value, ...names])].filter(Boolean).map((n) => option(n, label(n), n === value)));
    const controls = h("form", { class: "controls", onsubmit: (e) => e.preventDefault() },
      h("label", {}, "Actor A ", pick("a", a)),
      h("button", { type: "button", title: "swap", "data-testid": "dyad-swap", onclick: () => update({ a: b, b: a }) }, "⇄"),
      h("label", {}, "Actor B ", pick("b", b)),
      h("label", {}, "by ", h("select", { "data-testid": "dyad-by", onchange: (e) => update({ by: e.target.value, period: null }) },
        VOCAB.periods.map((v) => option(v, v, v === state.by)))),
      h("label", {}, "Goldstein ", h("select", { "data-testid": "dyad-measure", onchange: (e) => update({ measure: e.target.value }) },
        option("sum", "sum per period", state.measure === "sum"), option("mean", "mean per event", state.measure === "mean"))),
      h("label", { class: "check" }, h("input", { type: "checkbox", "data-testid": "dyad-hypothetical",
        checked: state.hypothetical ? true : null, onchange: (e) => update({ hypothetical: e.target.checked ? "1" : null }) }),
        " include hypothetical/negated"));
    root.append(h("h1", {}, `${a} ⇄ ${b}`), controls);
    if (!a || !b) {
      root.append(h("p", { class: "empty" }, "The store has no actors yet."));
      return;
    }

    const chartBox = h("section", { class: "chart-box" }, h("p", { class: "loading" }, "Loading…"));
    const periodEnd = state.period ? lastDay(state.period, state.by) : null;
    const tableParams = { dyad: `${a}:${b}`, directed: "false", include_hypothetical: state.hypothetical ? "true" : null,
      since: state.period, until: periodEnd };
    root.append(chartBox,
      h("h2", {}, "Event reports",
        state.period ? h("span", { class: "chip", "data-testid": "period-filter" },
          periodEnd === state.period ? `${state.period} ` : `${state.period} – ${periodEnd} `,
          h("button", { type: "button", title: "show all periods", onclick: () => update({ period: null }) }, "×")) : null),
      h("p", { class: "muted note" }, "The chart counts each real-world event once; the table lists every report of it. ",
        "Click a period to list its reports, a row to see its evidence."),
      eventTable(tableParams));

    const series = await api(`v1/dyads/${encodeURIComponent(a)}/${encodeURIComponent(b)}/series`,
      { by: state.by, include_hypothetical: state.hypothetical ? "true" : null });
    chartBox.replaceChildren(...timeline(series, state, (period) => update({ period: period === state.period ? null : period })));
  }

  // The last day of the period that starts on `start` (YYYY-MM-DD).
  function lastDay(start, by) {
    const d = new Date(start + "T00:00:00Z");
    if (by === "week") d.setUTCDate(d.getUTCDate() + 6);
    if (by === "month") d.setUTCMonth(d.getUTCMonth() + 1, 0);
    return d.toISOString().slice(0, 10);
  }

  // Escalation timeline: Goldstein bars above a zero line, stacked quad-class counts below.
  function timeline(series, state, onPick) {
    const periods = series.periods || [];
    const legend = h("div", { class: "legend", "data-testid": "legend" },
      QUADS.map((q) => h("span", {}, h("i", { class: "swatch q" + q.value }), q.label)),
      h("span", {}, h("i", { class: "swatch g-pos" }), h("i", { class: "swatch g-neg" }), `Goldstein ${state.measure}`),
      h("span", {}, h("i", { class: "swatch month-dated" }), `dated only to the ${state.by === "month" ? "year" : "month"}`));
    if (!periods.length) {
      return [h("p", { class: "empty", "data-testid": "timeline-empty" },
        `No ${state.hypothetical ? "" : "happened "}events between ${series.a} and ${series.b}.`)];
    }
    const W = 960, left = 64, right = 40, plotW = W - left - right;
    const g = { top: 28, height: 110 };          // Goldstein panel
    const c = { top: g.top + g.height + 34, height: 130 }; // counts panel
    const H = c.top + c.height + 44;
    const value = (p) => (state.measure === "mean" ? p.goldstein_mean : p.goldstein_sum);
    const values = periods.map(value).filter((v) => v !== null && v !== undefined);
    const gMax = Math.max(0, ...values), gMin = Math.min(0, ...values);
    const gSpan = gMax - gMin || 1;
    const gy = (v) => g.top + ((gMax - v) / gSpan) * g.height;
    const cMax = Math.max(1, ...periods.map((p) => p.events + (p.month_dated || 0)));
    const cy = (v) => c.top + c.height - (v / cMax) * c.height;
    const band = plotW / periods.length;
    const barW = Math.max(1, band * 0.72);

    const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "timeline", role: "img", "data-testid": "timeline",
      "aria-label": `Escalation timeline of ${series.a} and ${series.b} by ${series.by}` });
    // axes, ticks, labels
    const axisLabel = (x, y, text) => svg("text", { x, y, class: "axis-title", transform: `rotate(-90 ${x} ${y})`, "text-anchor": "middle" }, text);
    chart.append(axisLabel(14, g.top + g.height / 2, `Goldstein ${state.measure}`), axisLabel(14, c.top + c.height / 2, "events"));
    for (const v of [...new Set([gMax, 0, gMin])]) {
      if (v !== 0 && Math.abs(gy(v) - gy(0)) < 14) continue; // too close to the zero label
      chart.append(svg("line", { x1: left, x2: W - right, y1: gy(v), y2: gy(v), class: "grid" }),
        svg("text", { x: left - 6, y: gy(v) + 4, class: "tick", "text-anchor": "end" }, fmt(v, Number.isInteger(v) ? 0 : 1)));
    }
    for (const v of [...new Set([0, Math.round(cMax / 2), cMax])]) {
      chart.append(svg("line", { x1: left, x2: W - right, y1: cy(v), y2: cy(v), class: "grid" }),
        svg("text", { x: left - 6, y: cy(v) + 4, class: "tick", "text-anchor": "end" }, String(v)));
    }
    const everyNth = Math.ceil(78 / band);
    periods.forEach((p, i) => {
      const x = left + i * band;
      const label = series.by === "month" ? p.period.slice(0, 7) : p.period;
      const group = svg("g", { class: "period" + (p.period === state.period ? " selected" : ""), "data-testid": "period",
        "data-period": p.period, "data-events": p.events, tabindex: 0 });
      group.addEventListener("click", () => onPick(p.period));
      group.addEventListener("keydown", (e) => { if (e.key === "Enter") onPick(p.period); });
      const types = Object.entries(p.types || {}).map(([t, n]) => `${t} ${n}`).join(", ");
      group.append(svg("title", {}, [`${label}: ${plural(p.events, "event")} (${plural(p.reports, "report")})`,
        ...QUADS.map((q) => `${q.label}: ${p[q.key]}`), `Goldstein sum ${fmt(p.goldstein_sum)}, mean ${fmt(p.goldstein_mean, 2)}`,
        types, p.month_dated ? `${plural(p.month_dated, "event")} dated only to the ${state.by === "month" ? "year" : "month"} (not counted above)` : null,
      ].filter(Boolean).join("\n")));
      group.append(svg("rect", { x, y: g.top - 8, width: band, height: c.top + c.height - g.top + 8, class: "hit" }));
      const v = value(p);
      if (v !== null && v !== undefined && v !== 0) {
        group.append(svg("rect", { x: x + (band - barW) / 2, y: Math.min(gy(v), gy(0)), width: barW,
          height: Math.max(1, Math.abs(gy(v) - gy(0))), class: "goldstein " + (v < 0 ? "g-neg" : "g-pos"), "data-testid": "goldstein-bar" }));
      }
      let stacked = 0;
      for (const q of QUADS) {
        if (!p[q.key]) continue;
        group.append(svg("rect", { x: x + (band - barW) / 2, y: cy(stacked + p[q.key]), width: barW,
          height: cy(stacked) - cy(stacked + p[q.key]), class: "quad q" + q.value, "data-testid": "quad-bar", "data-quad": q.key }));
        stacked += p[q.key];
      }
      if (p.month_dated) { // apart, dashed, on top: their day (week) is not known
        group.append(svg("rect", { x: x + (band - barW) / 2, y: cy(stacked + p.month_dated), width: barW,
          height: cy(stacked) - cy(stacked + p.month_dated), class: "month-dated", "data-testid": "month-dated-bar",
          "data-count": p.month_dated }));
      }
      if (i % everyNth === 0) {
        group.append(svg("text", { x: x + band / 2, y: c.top + c.height + 18, class: "tick", "text-anchor": "middle" }, label));
      }
      chart.append(group);
    });
    chart.append(svg("line", { x1: left, x2: W - right, y1: gy(0), y2: gy(0), class: "zero" }),
      svg("line", { x1: left, x2: W - right, y1: cy(0), y2: cy(0), class: "axis" }),
      svg("text", { x: left + plotW / 2, y: H - 4, class: "axis-title", "text-anchor": "middle" },
        series.by === "week" ? "week starting" : series.by));
    const apart = periods.reduce((n, p) => n + (p.month_dated || 0), 0);
    const note = apart ? h("p", { class: "muted note", "data-testid": "month-dated-note" },
      `${plural(apart, "event")} dated only to the ${state.by === "month" ? "year" : "month"}: drawn dashed on the first `
      + `${state.by} of ${apart === 1 ? "its" : "their"} ${state.by === "month" ? "year" : "month"}, not in the counts or the Goldstein bars.`) : null;
    return [legend, chart, note].filter(Boolean);
  }

  // ---- events view ---------------------------------------------------------------------

  function eventsView(root, _args, params) {
    const known = eventParams();
    const filters = Object.fromEntries(Object.entries(params).filter(([k, v]) => known.includes(k) && v !== ""));
    const text = (name, label, attrs, cls) => h("label", { class: cls }, label,
      h("input", { name, value: filters[name] || "", "data-testid": "filter-" + name, ...attrs }));
    const select = (name, label, options) => h("label", {}, label,
      h("select", { name, "data-testid": "filter-" + name },
        options.map(([v, l]) => option(v, l, (filters[name] || "") === v))));
    const check = (name, value, label, checked) => h("label", { class: "check" }, h("input", { type: "checkbox", name,
      value, checked: checked ? true : null, "data-testid": `filter-${name}-${value}` }), " ", label);
    const checks = (name, label, values) => {
      const chosen = (filters[name] || "").split(",");
      return h("fieldset", { class: "span3" }, h("legend", {}, label), values.map((v) => check(name, v, v, chosen.includes(v))));
    };
    const form = h("form", { class: "filters", "data-testid": "event-filters" },
      text("actor", "Actor", { placeholder: "VEN or VENGOV" }),
      text("dyad", "Dyad (source:target)", { placeholder: "USA:VEN" }),
      select("type", "Type", [["", "any"], ...VOCAB.event_types.map((t) => [t, t])]),
      select("cameo_root", "CAMEO root", [["", "any"], ...VOCAB.cameo_roots.map((r) => [r.code, `${r.code} ${r.name}`])]),
      select("quad_class", "Quad class", [["", "any"], ...QUADS.map((q) => [String(q.value), `${q.value} ${q.label}`])]),
      select("sort", "Sort", VOCAB.sort_names.map((s) => [s.value, s.name])),
      text("since", "Since", { type: "date" }),
      text("until", "Until", { type: "date" }),
      text("q", "Text", { type: "search", placeholder: "words in the sentence" }, "span2"),
      h("div", { class: "span2 options" }, check("directed", "false", "dyad either direction", filters.directed === "false"),
        check("include_hypothetical", "true", "include hypothetical/negated", filters.include_hypothetical === "true")),
      checks("attribution", "Attribution", VOCAB.attributions),
      checks("modality", "Modality", VOCAB.modalities),
      h("div", { class: "buttons" }, h("button", { type: "submit", "data-testid": "filter-apply" }, "Apply"),
        h("a", { href: "#/events" }, "clear all")));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const next = {};
      for (const [k, v] of new FormData(form)) {
        if (v === "" || (k === "sort" && v === "-date")) continue;
        next[k] = next[k] ? `${next[k]},${v}` : v;
      }
      go("events", next);
    });
    root.append(h("h1", {}, "Events"), form, eventTable(filters));
  }

  // ---- article view --------------------------------------------------------------------

  async function articleView(root, args, params) {
    if (!args.length) return articleList(root);
    const article = await api("v1/articles/" + encodeURIComponent(args[0]));
    const events = article.events || [];
    const relations = article.attributions || [];
    const external = safeUrl(article.url);
    const card = h("aside", { class: "event-card", "data-testid": "event-card" },
      h("p", { class: "muted" }, "Point at or click a highlighted trigger to see its event."));
    const marks = new Map(); // report id -> its trigger's mark(s)
    const show = (evs, mark) => {
      for (const m of root.querySelectorAll("mark.trigger.current")) m.classList.remove("current");
      if (mark) mark.classList.add("current");
      card.replaceChildren(...evs.map(eventCard));
    };
    const textBox = h("div", { class: "article-text", "data-testid": "article-text" },
      articleText(article.text || "", events, relations, show, marks));
    // a relation picked in the list: its source, cue and content picked out in the text, its events in the card
    const pick = (index, row) => {
      for (const node of root.querySelectorAll(".attr-current")) node.classList.remove("attr-current");
      row.classList.add("attr-current");
      const parts = [...textBox.querySelectorAll("[data-attributions]")]
        .filter((node) => node.dataset.attributions.split(" ").includes(String(index)));
      for (const node of parts) node.classList.add("attr-current");
      const inside = events.filter((e) => (relations[index].events || []).includes(e.id));
      if (inside.length) show(inside, null);
      else card.replaceChildren(h("p", { class: "muted" }, "No coded event lies in this content."));
      if (parts.length) parts[0].scrollIntoView({ block: "nearest" });
    };

    appendAll(root, [
      h("p", { class: "crumbs" }, h("a", { href: "#/article" }, "← all articles")),
      h("h1", { "data-testid": "article-title" }, article.title || article.doc_id || article.id),
      h("p", { class: "meta", "data-testid": "article-meta" }, article.outlet || "", " · ", article.date || "undated",
        " · ", plural(events.length, "event report"), " · ", plural(relations.length, "attribution"),
        external ? [" · ", h("a", { href: external, target: "_blank", rel: "noopener noreferrer" }, external)] : null),
      (article.duplicate_of || []).length
        ? h("p", { class: "muted" }, "Near-duplicate of ", article.duplicate_of.map((d, i) => [i ? ", " : "",
          h("a", { href: "#/article/" + encodeURIComponent(d.id) }, d.id),
          d.similarity ? ` (similarity ${fmt(d.similarity, 2)})` : ""]))
        : null,
      relations.length ? h("p", { class: "key" }, h("span", { class: "attr-source" }, "source"), " ",
        h("span", { class: "attr-cue" }, "cue"), " ", h("span", { class: "attr-content" }, "content"), " ",
        h("mark", { class: "trigger" }, "event trigger")) : null,
      h("div", { class: "article-layout" }, textBox, card),
      h("h2", {}, "Who says what"),
      relations.length ? attributionTable(relations, events, pick)
        : h("p", { class: "empty" }, "No attribution was found in this article."),
      h("h2", {}, "Events coded from this article"),
      events.length ? h("div", { class: "event-table" }, eventsTableElement(h("tbody", {}, events.map(eventRow))))
        : h("p", { class: "empty" }, "No events were coded from this article.")]);

    const focus = params.event && marks.get(params.event);
    if (focus) {
      show(events.filter((e) => e.id === params.event), focus);
      focus.scrollIntoView({ block: "center" });
    }
  }

  const QUOTED = /^["“”'‘’«]/; // a quote's content that keeps its own opening mark

  // The article's attribution relations, one row each: source (and its actor), cue, content, events inside.
  function attributionTable(relations, events, pick) {
    const head = ["Source", "Cue", "Content", "Events"].map((t) => h("th", { scope: "col" }, t));
    const types = new Map(events.map((e) => [e.id, e.event_type]));
    const rows = relations.map((rel, index) => {
      const row = h("tr", { class: "attribution-row clickable", tabindex: 0, "data-testid": "attribution-row",
        "data-attribution-id": rel.id },
        h("td", { "data-testid": "attribution-source" }, rel.source ? rel.source.text : h("span", { class: "muted" }, "—"),
          rel.source_actor && rel.source_actor.code ? [" ", actorLabel(rel.source_actor)] : null),
        h("td", { "data-testid": "attribution-cue" }, rel.cue ? rel.cue.text : "—"),
        h("td", { "data-testid": "attribution-content" }, rel.quote && !QUOTED.test(rel.content.text) ? h("q", {}, rel.content.text) : rel.content.text,
          rel.quote ? h("span", { class: "badge quote-badge", "data-testid": "attribution-quote" }, " direct quote") : null),
        h("td", { "data-testid": "attribution-events" },
          (rel.events || []).map((id) => types.get(id)).filter(Boolean).join(", ") || "—"));
      row.addEventListener("click", () => pick(index, row));
      row.addEventListener("keydown", (e) => { if (e.key === "Enter") pick(index, row); });
      return row;
    });
    return h("table", { class: "attributions", "data-testid": "attribution-table" },
      h("thead", {}, h("tr", {}, head)), h("tbody", {}, rows));
  }

  // The article's text with every trigger marked, every evidence sentence shaded, and the source, cue and
  // content of every attribution relation set apart (an element per run of text in the same relations' spans,
  // holding the trigger marks inside it; the narrowest part names it: cue, then source, then content).
  function articleText(text, events, relations, show, marks) {
    const spans = [];
    for (const ev of events) {
      if (ev.evidence) spans.push({ start: ev.evidence.start, end: ev.evidence.end, ev, kind: "evidence" });
      if (ev.trigger) spans.push({ start: ev.trigger.start, end: ev.trigger.end, ev, kind: "trigger" });
    }
    relations.forEach((rel, index) => {
      for (const part of ["source", "cue", "content"]) {
        if (rel[part]) spans.push({ start: rel[part].start, end: rel[part].end, relation: index, kind: "attr-" + part });
      }
    });
    const groups = [];
    let group = null;
    let previous = null;
    for (const piece of pieces(text, 0, spans)) {
      const parts = piece.spans.filter((s) => s.relation !== undefined);
      const partKey = parts.map((s) => s.kind + s.relation).join(" ");
      if (!group || group.key !== partKey) {
        groups.push(group = { key: partKey, parts, items: [] });
        previous = null;
      }
      const evSpans = piece.spans.filter((s) => s.ev);
      const triggered = evSpans.filter((s) => s.kind === "trigger").map((s) => s.ev);
      const key = triggered.map((e) => e.id).join(" ") || (evSpans.length ? "evidence" : "");
      if (previous && previous.key === key) {
        previous.text += piece.text;
        continue;
      }
      group.items.push(previous = { key, text: piece.text, triggered });
    }
    const item = (p) => {
      if (p.triggered.length) {
        const mark = h("mark", { class: "trigger" + (p.triggered.some((e) => e.happened === false) ? " not-happened" : ""),
          tabindex: 0, "data-testid": "trigger-mark", "data-event-ids": p.key }, p.text);
        const pick = () => show(p.triggered, mark);
        mark.addEventListener("mouseenter", pick);
        mark.addEventListener("focus", pick);
        mark.addEventListener("click", pick);
        for (const ev of p.triggered) if (!marks.has(ev.id)) marks.set(ev.id, mark);
        return mark;
      }
      return p.key ? h("span", { class: "evidence-span" }, p.text) : p.text;
    };
    return groups.map((g) => {
      const inner = g.items.map(item);
      if (!g.parts.length) return inner;
      const kinds = [...new Set(g.parts.map((s) => s.kind))];
      const named = ["attr-cue", "attr-source", "attr-content"].find((k) => kinds.includes(k));
      const who = g.parts.map((s) => relations[s.relation]).map((rel) => rel.source ? rel.source.text : "unnamed source");
      return h("span", { class: kinds.join(" "), "data-testid": named,
        "data-attributions": [...new Set(g.parts.map((s) => s.relation))].join(" "),
        title: `${named.slice(5)} · according to ${[...new Set(who)].join("; ")}` }, inner);
    });
  }

  function eventCard(ev) {
    const attribution = ev.attribution || {};
    return h("div", { class: "card", "data-testid": "event-card-item" },
      h("div", { class: "card-summary" }, eventSummary(ev)),
      h("div", {}, sourcing(ev), " ", h("span", { class: "muted" }, ev.date || "")),
      h("div", {}, "trigger “", ev.trigger ? ev.trigger.text : "", "” · CAMEO ", ev.cameo || "—", " · Goldstein ", fmt(ev.goldstein)),
      attribution.sources && attribution.sources.length ? h("div", {}, "according to ", attribution.sources.join("; ")) : null,
      ev.quote ? h("div", {}, h("q", {}, ev.quote.text), ev.quote.speaker ? ` — ${ev.quote.speaker}` : "") : null);
  }

  async function articleList(root) {
    const tbody = h("tbody");
    const more = h("button", { type: "button", class: "more", "data-testid": "load-more", hidden: true }, "Load more");
    let offset = 0;
    async function loadPage() {
      more.disabled = true;
      try {
        const page = await api("v1/articles", { limit: PAGE_SIZE, offset });
        for (const a of page.articles) {
          tbody.append(h("tr", { "data-testid": "article-row" },
            h("td", { class: "date" }, a.date || "—"),
            h("td", { class: "outlet" }, a.outlet || ""),
            h("td", {}, h("a", { href: "#/article/" + encodeURIComponent(a.id) }, a.title || a.doc_id || a.id)),
            h("td", { class: "num" }, String(a.events))));
        }
        offset += page.articles.length;
        more.hidden = page.articles.length < PAGE_SIZE;
      } finally {
        more.disabled = false;
      }
    }
    more.addEventListener("click", () => loadPage().catch(showError));
    root.append(h("h1", {}, "Articles"), h("p", { class: "muted" }, "Newest first."),
      h("table", { class: "articles", "data-testid": "article-list" },
        h("thead", {}, h("tr", {}, ["Date", "Outlet", "Title", "Events"].map((t) => h("th", { scope: "col" }, t)))), tbody),
      more);
    await loadPage();
  }

  // ---- actors view ---------------------------------------------------------------------

  async function actorsView(root, _args, params) {
    const level = params.level === "code" ? "code" : "country";
    const hypothetical = params.hypothetical === "1" ? "1" : null;
    const update = (change) => go("actors", { level, hypothetical, ...change });
    root.append(h("h1", {}, "Actors"), h("form", { class: "controls", onsubmit: (e) => e.preventDefault() },
      h("label", {}, "level ", h("select", { "data-testid": "actors-level", onchange: (e) => update({ level: e.target.value }) },
        option("country", "country (USA)", level === "country"), option("code", "full code (USAGOV)", level === "code"))),
      h("label", { class: "check" }, h("input", { type: "checkbox", checked: hypothetical ? true : null,
        onchange: (e) => update({ hypothetical: e.target.checked ? "1" : null }) }), " include hypothetical/negated")));

    const data = await api("v1/actors", { level, limit: 40, include_hypothetical: hypothetical ? "true" : null });
    const dyadLink = (d) => "#/dyad" + queryString({ a: d.a, b: d.b, hypothetical });
    root.append(h("div", { class: "actors-layout" },
      h("section", {}, h("h2", {}, "Most active actors"), actorTable(data.actors.slice(0, 20), hypothetical)),
      h("section", {}, h("h2", {}, "Strongest dyads"), network(data.dyads.slice(0, 30), dyadLink))),
    h("h2", {}, "Dyads"), dyadTable(data.dyads, dyadLink));
  }

  function actorTable(actors, hypothetical) {
    const max = Math.max(1, ...actors.map((a) => a.events));
    const rows = actors.map((a) => h("tr", { "data-testid": "actor-row", "data-actor": a.actor },
      h("td", {}, h("a", { href: "#/events" + queryString({ actor: a.actor, include_hypothetical: hypothetical ? "true" : null }) }, a.actor),
        a.name ? h("span", { class: "muted actor-name" }, " " + a.name) : null),
      h("td", { class: "bar-cell", title: `${a.as_source} as source, ${a.as_target} as target` },
        h("span", { class: "bar as-source", style: `width:${(100 * a.as_source) / max}%` }),
        h("span", { class: "bar as-target", style: `width:${(100 * a.as_target) / max}%` })),
      h("td", { class: "num" }, String(a.events)),
      h("td", { class: "num" }, fmt(a.goldstein_mean, 2))));
    return h("table", { class: "actors", "data-testid": "actor-table" },
      h("thead", {}, h("tr", {}, h("th", {}, "Actor"),
        h("th", {}, h("i", { class: "swatch as-source" }), "as source ", h("i", { class: "swatch as-target" }), "as target"),
        h("th", { class: "num" }, "Events"), h("th", { class: "num" }, "Goldstein mean"))),
      h("tbody", {}, rows));
  }

  function dyadTable(dyads, dyadLink) {
    const head = ["A", "B", "Events", "A → B", "B → A", "Cooperation", "Conflict", "Goldstein mean"];
    return h("table", { class: "dyads", "data-testid": "dyad-table" },
      h("thead", {}, h("tr", {}, head.map((t, i) => h("th", { class: i > 1 ? "num" : null }, t)))),
      h("tbody", {}, dyads.map((d) => {
        const row = h("tr", { class: "clickable", "data-testid": "dyad-row", "data-a": d.a, "data-b": d.b },
          h("td", { title: d.a_name }, h("a", { href: dyadLink(d) }, d.a)), h("td", { title: d.b_name }, d.b),
          [d.events, d.a_to_b, d.b_to_a, d.cooperation, d.conflict].map((n) => h("td", { class: "num" }, String(n))),
          h("td", { class: "num" }, fmt(d.goldstein_mean, 2)));
        row.addEventListener("click", () => { location.hash = dyadLink(d); });
        return row;
      })));
  }

  // Colour from cooperation (blue) through grey to conflict (red) by the conflict share.
  function conflictColour(share) {
    const blue = [31, 97, 141], grey = [150, 150, 150], red = [192, 57, 43];
    const [from, to, t] = share < 0.5 ? [blue, grey, share * 2] : [grey, red, share * 2 - 1];
    return `rgb(${from.map((v, i) => Math.round(v + (to[i] - v) * t)).join(",")})`;
  }

  // Nodes = actors of the strongest dyads, placed by a small deterministic force layout.
  function network(dyads, dyadLink) {
    const W = 560, H = 420, pad = 36;
    if (!dyads.length) return h("p", { class: "empty" }, "No dyads yet.");
    const nodes = new Map();
    for (const d of dyads) {
      for (const [id, name] of [[d.a, d.a_name], [d.b, d.b_name]]) {
        if (!nodes.has(id)) nodes.set(id, { id, name, weight: 0 });
        nodes.get(id).weight += d.events;
      }
    }
    const list = [...nodes.values()];
    layout(list, dyads.map((d) => [nodes.get(d.a), nodes.get(d.b)]), W, H, pad);
    const maxEvents = Math.max(...dyads.map((d) => d.events));
    const maxWeight = Math.max(...list.map((n) => n.weight));
    const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "network", role: "img", "data-testid": "network",
      "aria-label": "Network of the strongest dyads" });
    for (const d of dyads) {
      const [p, q] = [nodes.get(d.a), nodes.get(d.b)];
      const share = d.conflict + d.cooperation ? d.conflict / (d.conflict + d.cooperation) : 0.5;
      const edge = svg("g", { class: "edge", "data-testid": "network-edge", "data-a": d.a, "data-b": d.b, tabindex: 0 },
        svg("title", {}, `${d.a} – ${d.b}: ${plural(d.events, "event")} (${d.a_to_b} ${d.a}→${d.b}, ${d.b_to_a} ${d.b}→${d.a}); ` +
          `${d.conflict} conflict, ${d.cooperation} cooperation; Goldstein mean ${fmt(d.goldstein_mean, 2)}`),
        svg("line", { x1: p.x, y1: p.y, x2: q.x, y2: q.y, class: "edge-hit" }),
        svg("line", { x1: p.x, y1: p.y, x2: q.x, y2: q.y, stroke: conflictColour(share),
          "stroke-width": (1 + 7 * Math.sqrt(d.events / maxEvents)).toFixed(1), class: "edge-line" }));
      const open = () => { location.hash = dyadLink(d); };
      edge.addEventListener("click", open);
      edge.addEventListener("keydown", (e) => { if (e.key === "Enter") open(); });
      chart.append(edge);
    }
    for (const n of list) {
      const r = 4 + 8 * Math.sqrt(n.weight / maxWeight);
      const node = svg("a", { href: "#/events" + queryString({ actor: n.id }), class: "node", "data-testid": "network-node", "data-actor": n.id },
        svg("title", {}, `${n.id}${n.name ? " (" + n.name + ")" : ""}: ${plural(n.weight, "event")} in these dyads`),
        svg("circle", { cx: n.x, cy: n.y, r }),
        svg("text", { x: n.x, y: n.y - r - 4, "text-anchor": "middle" }, n.id));
      chart.append(node);
    }
    return h("div", {}, chart, h("div", { class: "legend" },
      h("span", {}, h("i", { class: "swatch coop" }), "mostly cooperation"),
      h("span", {}, h("i", { class: "swatch mixed" }), "mixed"),
      h("span", {}, h("i", { class: "swatch conflict" }), "mostly conflict"),
      h("span", { class: "muted" }, "line width ~ events; click a line for the dyad")));
  }

  // Fruchterman–Reingold from a circle, a fixed number of steps (same input, same picture),
  // then scaled to fill the drawing.
  function layout(nodes, edges, W, H, pad) {
    const n = nodes.length;
    nodes.forEach((node, i) => {
      node.x = Math.cos((2 * Math.PI * i) / n);
      node.y = Math.sin((2 * Math.PI * i) / n);
    });
    const k = 1 / Math.sqrt(Math.max(n, 1));
    const steps = 300;
    for (let step = 0; step < steps; step++) {
      for (const node of nodes) {
        node.dx = -node.x * 2; // gravity keeps loose pairs near the middle
        node.dy = -node.y * 2;
      }
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          const a = nodes[i], b = nodes[j];
          const dx = a.x - b.x, dy = a.y - b.y, d = Math.max(1e-3, Math.hypot(dx, dy));
          const f = (k * k) / d;
          a.dx += (dx / d) * f; a.dy += (dy / d) * f;
          b.dx -= (dx / d) * f; b.dy -= (dy / d) * f;
        }
      }
      for (const [a, b] of edges) {
        const dx = a.x - b.x, dy = a.y - b.y, d = Math.max(1e-3, Math.hypot(dx, dy));
        const f = (d * d) / k;
        a.dx -= (dx / d) * f; a.dy -= (dy / d) * f;
        b.dx += (dx / d) * f; b.dy += (dy / d) * f;
      }
      const temperature = 0.1 * (1 - step / steps) + 0.002;
      for (const node of nodes) {
        const d = Math.max(1e-9, Math.hypot(node.dx, node.dy));
        node.x += (node.dx / d) * Math.min(d, temperature);
        node.y += (node.dy / d) * Math.min(d, temperature);
      }
    }
    const xs = nodes.map((p) => p.x), ys = nodes.map((p) => p.y);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    for (const node of nodes) {
      node.x = pad + ((node.x - x0) / (x1 - x0 || 1)) * (W - 2 * pad);
      node.y = pad + ((node.y - y0) / (y1 - y0 || 1)) * (H - 2 * pad);
    }
  }

  // ---- start ---------------------------------------------------------------------------

  window.addEventListener("hashchange", route);
  window.addEventListener("unhandledrejection", (e) => showError(e.reason));
  route();
})();
