// The outcomes page: draw the members, status quo, core and win set from the CLI's JSON, and
// redraw in place after any change of the form: a drag, a position, a salience, a rule ticked or
// typed, the proposal. Every change is posted to /api/outcome (a drag or typing is debounced, so
// it sends at most one request per 50 ms; a click is sent at once) and, once answered, written
// into the address with history.replaceState, so the link always reproduces the view shown. An
// error answer leaves the last good picture and shows its message in the status line.
"use strict";
(function () {
  const NS = "http://www.w3.org/2000/svg";
  const data = JSON.parse(document.getElementById("outcome-data").textContent);
  let result = data.result;
  const inputs = data.inputs;
  const body = data.body;
  const dims = inputs.dimensions;
  const status = document.getElementById("status");
  let timer = null;
  let inflight = 0;

  function el(name, attrs, parent, text) {
    const node = document.createElementNS(NS, name);
    for (const k in attrs) node.setAttribute(k, attrs[k]);
    if (text !== undefined) node.textContent = text;
    if (parent) parent.appendChild(node);
    return node;
  }
  function fmt(v) {
    if (v === null || v === undefined) return "-";
    if (typeof v === "number") return String(Number(v.toPrecision(4)));
    return String(v);
  }
  // Exact answers (exact=1) give "p/q" strings: a number to draw with, the text is shown as is.
  function num(v) {
    if (v === null || v === undefined) return null;
    if (typeof v === "string" && v.includes("/")) {
      const [p, q] = v.split("/");
      return Number(p) / Number(q);
    }
    return Number(v);
  }
  function perDim(rule, dim) { return rule.dimensions ? rule.dimensions[dim] : rule; }
  function interval(p) {
    if (!p) return "empty";
    return (p[0] === null ? "-∞" : fmt(p[0])) + " to " + (p[1] === null ? "∞" : fmt(p[1]));
  }

  // ---------------------------------------------------------------- state <-> address
  function dimKey(prefix, actor, dim) { return prefix + "." + actor + "." + dim; }
  function address(from) {
    const body = from;
    const q = new URLSearchParams();
    if (body.scenario) q.append("scenario", body.scenario);
    for (const r of body.rules || []) q.append("rule", r);
    for (const [table, prefix] of [["positions", "pos"], ["saliences", "sal"]]) {
      for (const a in body[table] || {}) {
        const v = body[table][a];
        if (typeof v === "object") { for (const d in v) q.append(dimKey(prefix, a, d), v[d]); }
        else q.append(prefix + "." + a, v);
      }
    }
    const sq = body.status_quo;
    if (sq !== undefined && sq !== null) {
      if (typeof sq === "object") { for (const d in sq) q.append("sq." + d, sq[d]); }
      else q.append("sq", sq);
    }
    for (const k of ["proposal", "setter", "capability"]) if (body[k]) q.append(k, body[k]);
    if (body.exact) q.append("exact", "1");
    return "/outcome?" + q.toString();
  }
  function set(table, actor, dim, value) {
    if (table === "status_quo") {
      const sq = typeof body.status_quo === "object" && body.status_quo ? body.status_quo : {};
      sq[dim] = value; body.status_quo = sq; inputs.status_quo[dim] = Number(value);
      return;
    }
    body[table] = body[table] || {};
    const cur = body[table][actor];
    body[table][actor] = Object.assign(typeof cur === "object" ? cur : {}, { [dim]: value });
    inputs[table][actor] = inputs[table][actor] || {};
    inputs[table][actor][dim] = Number(value);
  }

  // ---------------------------------------------------------------- talking to the API
  function update() {
    clearTimeout(timer);
    timer = setTimeout(send, 50);
  }
  function say(text, isError) {
    status.textContent = text;
    status.classList.toggle("error", Boolean(isError));
  }
  async function send(since) {
    // `since` is when the click that asked for this happened: the time shown runs from there to
    // the redraw. A debounced update counts from the moment its request leaves.
    clearTimeout(timer);
    const mine = ++inflight;
    const started = typeof since === "number" ? since : performance.now();
    const sent = JSON.parse(JSON.stringify(body));
    say("updating…");
    try {
      const res = await fetch("/api/outcome", {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify(sent),
      });
      const out = await res.json();
      if (mine !== inflight) return;  // a newer request is on its way
      if (!res.ok) {
        say(out.error ? out.error.message : "error " + res.status, true);
        return;
      }
      result = out;
      history.replaceState(null, "", address(sent));
      syncRules(sent);
      draw();
      fillTable();
      fillNotes();
      say("updated in " + Math.round(performance.now() - started) + " ms");
    } catch (e) {
      if (mine === inflight) say("could not reach the server: " + e, true);
    }
  }

  // ---------------------------------------------------------------- the table and the notes
  function cell(tr, text, attrs) {
    const td = document.createElement("td");
    for (const k in attrs || {}) td.setAttribute(k, attrs[k]);
    td.textContent = text;
    tr.appendChild(td);
    return td;
  }
  function fillTable() {
    // Rebuilt from the answer, as the server renders it: a row per rule and dimension.
    const rows = [];
    for (const rule of result.rules) {
      const per = rule.dimensions || { [result.dimensions[0].id]: rule };
      for (const dim in per) {
        const d = per[dim];
        const tr = document.createElement("tr");
        tr.dataset.rule = rule.rule;
        tr.dataset.dim = dim;
        const th = document.createElement("th");
        th.title = rule.description || "";
        th.textContent = rule.rule;
        tr.appendChild(th);
        cell(tr, dim);
        cell(tr, (rule.veto_players || []).join(", ") || "none");
        const cost = d.cost_of_consent;
        const value = v => JSON.stringify(v === undefined ? null : v);
        cell(tr, interval(d.core), { "data-field": "core", "data-value": value(d.core) });
        cell(tr, interval(d.win_set), { "data-field": "win_set", "data-value": value(d.win_set) });
        for (const f of ["setter_outcome", "compromise", "nash"]) {
          cell(tr, fmt(d[f]), { "data-field": f, "data-value": value(d[f]) });
        }
        cell(tr, cost ? fmt(cost.total) : "-",
          { "data-field": "cost", "data-value": value(cost ? cost.total : null) });
        const paid = cost ? cost.paid : {};
        cell(tr, Object.keys(paid).map(m => m + " " + fmt(paid[m])).join(", "),
          { "data-field": "paid" });
        rows.push(tr);
      }
    }
    document.querySelector("#predictions tbody").replaceChildren(...rows);
  }
  function fillNotes() {
    const caveats = document.getElementById("caveats");
    if (caveats) {
      caveats.replaceChildren(...result.caveats.map(c => {
        const li = document.createElement("li"); li.textContent = c; return li;
      }));
    }
    const basis = document.getElementById("basis");
    if (basis) {
      let text = "no proposal";
      for (const r of result.rules) {
        for (const d of Object.values(r.dimensions || { "": r })) {
          if (d.cost_of_consent && text === "no proposal") text = d.cost_of_consent.basis;
        }
      }
      basis.textContent = text;
    }
  }

  // ---------------------------------------------------------------- dragging
  function draggable(node, svg, onMove) {
    // The listeners sit on the svg, which outlives its redrawn children: every move redraws.
    node.classList.add("drag");
    node.addEventListener("pointerdown", ev => {
      ev.preventDefault();
      svg.setPointerCapture(ev.pointerId);
      const move = e => {
        const pt = svg.createSVGPoint(); pt.x = e.clientX; pt.y = e.clientY;
        const p = pt.matrixTransform(svg.getScreenCTM().inverse());
        onMove(p.x, p.y);
      };
      const up = () => {
        svg.removeEventListener("pointermove", move);
        svg.removeEventListener("pointerup", up);
        svg.removeEventListener("pointercancel", up);
      };
      svg.addEventListener("pointermove", move);
      svg.addEventListener("pointerup", up);
      svg.addEventListener("pointercancel", up);
    });
  }
  function round1(v) { return Math.round(v * 10) / 10; }
  function clamp(v, d) { return Math.min(d.scale[1], Math.max(d.scale[0], v)); }
  function moved(actor, dim, value) {
    set("positions", actor, dim, String(value));
    const input = document.querySelector(`input.pos[data-actor="${actor}"][data-dim="${dim}"]`);
    if (input) input.value = value;
    draw();
    update();
  }

  // ---------------------------------------------------------------- the lines
  function drawLine(svg) {
    const d = dims.find(x => x.id === svg.dataset.dim);
    svg.replaceChildren();
    svg.setAttribute("viewBox", "0 0 720 " + (70 + 40 * result.rules.length));
    const L = 40, R = 680;
    const x = v => L + (num(v) - d.scale[0]) / (d.scale[1] - d.scale[0]) * (R - L);
    const inv = px => clamp(d.scale[0] + (px - L) / (R - L) * (d.scale[1] - d.scale[0]), d);
    el("line", { x1: L, x2: R, y1: 30, y2: 30, class: "axis" }, svg);
    el("text", { x: L, y: 14, class: "end" }, svg, fmt(d.scale[0]));
    el("text", { x: R, y: 14, class: "end", "text-anchor": "end" }, svg, fmt(d.scale[1]));
    const sq = inputs.status_quo[d.id];
    result.rules.forEach((rule, i) => {
      const y = 62 + 40 * i;
      const o = perDim(rule, d.id);
      el("text", { x: 4, y: y + 4, class: "rule" }, svg, rule.rule);
      el("line", { x1: L, x2: R, y1: y, y2: y, class: "track" }, svg);
      if (o.core) {
        const a = o.core[0] === null ? L : x(o.core[0]), b = o.core[1] === null ? R : x(o.core[1]);
        el("rect", { x: a - 1, y: y - 9, width: Math.max(b - a, 2) + 2, height: 8, class: "core" },
          svg, undefined).appendChild(el("title", {}, null, "core " + interval(o.core)));
      }
      if (o.win_set) {
        const a = x(o.win_set[0]), b = x(o.win_set[1]);
        el("rect", { x: a, y: y + 1, width: Math.max(b - a, 1), height: 8, class: "winset" }, svg)
          .appendChild(el("title", {}, null, "win set " + interval(o.win_set)));
      }
      const mark = (v, cls, label) => {
        if (v === null || v === undefined) return;
        el("text", { x: x(v), y: y + 5, class: "mark " + cls, "text-anchor": "middle" }, svg,
          { setter: "◆", compromise: "●", nash: "▲" }[cls])
          .appendChild(el("title", {}, null, label + " " + fmt(num(v))));
      };
      mark(o.setter_outcome, "setter", "setter's outcome");
      mark(o.compromise, "compromise", "compromise");
      mark(o.nash, "nash", "Nash bargaining");
    });
    const sqx = x(sq);
    el("rect", { x: sqx - 5, y: 25, width: 10, height: 10, class: "sq" }, svg)
      .appendChild(el("title", {}, null, "status quo " + fmt(sq)));
    for (const a in inputs.positions) {
      const v = inputs.positions[a][d.id];
      if (v === undefined) continue;
      const g = el("g", { class: "member", "data-actor": a, transform: `translate(${x(v)},30)` }, svg);
      el("circle", { r: 7 }, g);
      el("text", { y: -10, "text-anchor": "middle" }, g, a);
      el("title", {}, g, (inputs.names[a] || a) + ": " + fmt(v) + " (drag)");
      draggable(g, svg, px => moved(a, d.id, round1(inv(px))));
    }
  }

  // ---------------------------------------------------------------- the plane
  function drawPlane(svg) {
    svg.replaceChildren();
    const [dx, dy] = dims;
    const S = 480, O = 30;
    const X = v => O + (num(v) - dx.scale[0]) / (dx.scale[1] - dx.scale[0]) * S;
    const Y = v => O + S - (num(v) - dy.scale[0]) / (dy.scale[1] - dy.scale[0]) * S;
    const invX = px => clamp(dx.scale[0] + (px - O) / S * (dx.scale[1] - dx.scale[0]), dx);
    const invY = py => clamp(dy.scale[0] + (O + S - py) / S * (dy.scale[1] - dy.scale[0]), dy);
    el("rect", { x: O, y: O, width: S, height: S, class: "frame" }, svg);
    // Win sets can reach past the dimensions' scales, where no position lies: cut at the frame.
    el("rect", { x: O, y: O, width: S, height: S },
      el("clipPath", { id: "plane-clip" }, el("defs", {}, svg)));
    el("text", { x: O + S / 2, y: O + S + 24, "text-anchor": "middle", class: "axislabel" }, svg,
      dx.name + " →");
    el("text", { x: 12, y: O + S / 2, class: "axislabel",
      transform: `rotate(-90 12 ${O + S / 2})`, "text-anchor": "middle" }, svg, dy.name + " →");
    result.rules.forEach((rule, i) => {
      const p = rule.plane;
      if (!p) return;
      for (const poly of p.win_set_polygons || []) {
        el("polygon", { points: poly.map(q => X(q[0]) + "," + Y(q[1])).join(" "),
          class: "winset r" + i, "clip-path": "url(#plane-clip)" }, svg)
          .appendChild(el("title", {}, null, "win set under " + rule.rule));
      }
      if (p.core && p.core.length) {
        const pts = p.core.map(q => X(num(q[0])) + "," + Y(num(q[1]))).join(" ");
        el("polygon", { points: pts, class: "core r" + i }, svg)
          .appendChild(el("title", {}, null, "core under " + rule.rule));
      }
      const so = p.setter_outcome;
      el("text", { x: X(num(so[0])), y: Y(num(so[1])) + 5, "text-anchor": "middle",
        class: "mark setter r" + i }, svg, "◆")
        .appendChild(el("title", {}, null,
          `setter's outcome under ${rule.rule}: (${fmt(num(so[0]))}, ${fmt(num(so[1]))})`));
    });
    const sq = inputs.status_quo;
    el("rect", { x: X(sq[dx.id]) - 5, y: Y(sq[dy.id]) - 5, width: 10, height: 10, class: "sq" }, svg)
      .appendChild(el("title", {}, null, `status quo (${fmt(sq[dx.id])}, ${fmt(sq[dy.id])})`));
    for (const a in inputs.positions) {
      const pos = inputs.positions[a];
      if (pos[dx.id] === undefined || pos[dy.id] === undefined) continue;
      const g = el("g", { class: "member", "data-actor": a,
        transform: `translate(${X(pos[dx.id])},${Y(pos[dy.id])})` }, svg);
      el("circle", { r: 7 }, g);
      el("text", { y: -10, "text-anchor": "middle" }, g, a);
      el("title", {}, g, `${inputs.names[a] || a}: (${fmt(pos[dx.id])}, ${fmt(pos[dy.id])}) (drag)`);
      draggable(g, svg, (px, py) => {
        set("positions", a, dy.id, String(round1(invY(py))));
        moved(a, dx.id, round1(invX(px)));
        const other = document.querySelector(`input.pos[data-actor="${a}"][data-dim="${dy.id}"]`);
        if (other) other.value = inputs.positions[a][dy.id];
      });
    }
    const legend = el("g", { class: "legend" }, svg);
    result.rules.forEach((rule, i) => {
      el("rect", { x: O + 6, y: O + 6 + 16 * i, width: 12, height: 10, class: "winset r" + i }, legend);
      el("text", { x: O + 24, y: O + 15 + 16 * i }, legend, rule.rule);
    });
  }

  function draw() {
    const plane = document.getElementById("plane");
    if (plane) drawPlane(plane);
    for (const svg of document.querySelectorAll("svg.line")) drawLine(svg);
  }

  // ---------------------------------------------------------------- the controls
  const form = document.getElementById("outcome-form");
  form.addEventListener("input", ev => {
    const t = ev.target;
    if (t.classList.contains("pos") && t.value !== "") {
      set("positions", t.dataset.actor, t.dataset.dim, t.value); draw(); update();
    } else if (t.classList.contains("sal")) {
      set("saliences", t.dataset.actor, t.dataset.dim, t.value); update();
    } else if (t.classList.contains("sq") && t.value !== "") {
      set("status_quo", null, t.dataset.dim, t.value); draw(); update();
    }
  });
  const ruleText = document.getElementById("rule-text");
  const proposal = document.getElementById("proposal");
  function readChoices() {
    // The rules in the order of their boxes, then the typed one: the order of the table's rows.
    const rules = Array.from(form.querySelectorAll("input[name=rule][type=checkbox]:checked"))
      .map(i => i.value);
    const typed = ruleText ? ruleText.value.trim() : "";
    if (typed && !rules.includes(typed)) rules.push(typed);
    if (rules.length) body.rules = rules; else delete body.rules;
    if (proposal && proposal.value) body.proposal = proposal.value; else delete body.proposal;
  }
  function syncRules(sent) {
    // A typed rule the server accepted becomes a ticked box, so it can be unticked like the rest;
    // with no rule asked for, the boxes show the scenario's own, which the server used.
    const boxes = () => Array.from(form.querySelectorAll("input[name=rule][type=checkbox]"));
    for (const r of sent.rules || []) {
      if (boxes().some(b => b.value === r)) continue;
      const label = document.createElement("label");
      const box = document.createElement("input");
      Object.assign(box, { type: "checkbox", name: "rule", value: r, checked: true });
      label.append(box, " " + r);
      const anchor = ruleText ? ruleText.closest("label") : null;
      anchor ? anchor.before(label) : form.querySelector("fieldset").appendChild(label);
    }
    if (ruleText && (sent.rules || []).includes(ruleText.value.trim())) ruleText.value = "";
    const used = result.rules.map(r => r.rule);
    for (const b of boxes()) b.checked = (sent.rules || used).includes(b.value);
  }
  form.addEventListener("change", ev => {
    const t = ev.target;
    if (t.name === "rule" || t === proposal) {
      const at = performance.now();
      readChoices();
      send(at);
    }
  });
  if (ruleText) ruleText.addEventListener("keydown", ev => {
    // Enter adds the typed rule here: with the Update button hidden, the form need not submit.
    if (ev.key !== "Enter") return;
    ev.preventDefault();
    const at = performance.now();
    readChoices();
    send(at);
  });
  form.addEventListener("submit", ev => {
    ev.preventDefault();
    const at = performance.now();
    readChoices();
    send(at);
  });
  const link = document.getElementById("json-link");
  if (link) link.addEventListener("click", ev => {
    ev.preventDefault();
    const w = window.open("", "_blank");
    if (w) { w.document.body.textContent = JSON.stringify(result, null, 2); }
  });
  document.documentElement.classList.add("js");
  draw();
})();
