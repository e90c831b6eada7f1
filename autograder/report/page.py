"""report.html: one self-contained page (inline CSS, images as data URIs, no script).

Rendered with Jinja2 with autoescaping on: every text from a submission (student ids, file
names, failing cases, flag reasons) is HTML-escaped. The page's Content-Security-Policy allows
no script and no outside request at all, so it opens offline and nothing in it can run.
"""
from __future__ import annotations

import datetime

from jinja2 import Environment, StrictUndefined

from autograder.report.summary import percent

TEMPLATE = """\
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>What the class got wrong: {{ title }}</title>
<style>
  body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: #222;
         background: #f6f7f9; margin: 0; }
  main { max-width: 1080px; margin: 0 auto; padding: 24px 28px 60px; }
  h1 { font-size: 26px; margin: 0 0 2px; }
  h2 { font-size: 21px; margin: 36px 0 8px; padding-bottom: 4px; border-bottom: 2px solid #dde2e7; }
  h3 { font-size: 17px; margin: 0 0 6px; }
  h3 code { font-size: 17px; }
  h4 { font-size: 14px; margin: 14px 0 4px; color: #444; }
  code, pre { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 13px; }
  pre { background: #f3f4f6; border: 1px solid #e1e4e8; border-radius: 4px; padding: 8px 10px;
        overflow-x: auto; white-space: pre; margin: 4px 0; }
  .sub { color: #666; margin: 0 0 14px; }
  .headline { display: flex; flex-wrap: wrap; gap: 12px; list-style: none; padding: 0; margin: 0 0 8px; }
  .headline li { background: #fff; border: 1px solid #dde2e7; border-radius: 6px; padding: 8px 16px; }
  .headline b { display: block; font-size: 24px; }
  nav { font-size: 14px; margin: 10px 0 0; }
  nav a { margin-right: 14px; }
  a { color: #2b5d8f; }
  .card { background: #fff; border: 1px solid #dde2e7; border-radius: 6px; padding: 14px 18px; margin: 14px 0; }
  .charts { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
  .charts img, .exercise img { max-width: 100%; height: auto; }
  .facts { color: #444; margin: 2px 0 10px; }
  .facts span { white-space: nowrap; margin-right: 14px; }
  .warn { color: #a4501b; }
  table { border-collapse: collapse; width: 100%; margin: 6px 0; font-size: 14px; }
  th, td { text-align: left; vertical-align: top; padding: 5px 8px; border-bottom: 1px solid #e6e9ec; }
  th { font-weight: 600; color: #555; font-size: 13px; }
  td.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
  .explain { color: #444; }
  .none { color: #777; font-style: italic; }
  summary { cursor: pointer; font-weight: 600; }
  .count { display: inline-block; min-width: 6.5em; color: #a4501b; }
  table.flags { table-layout: fixed; }
  table.flags td { overflow-wrap: anywhere; }
  td.mistake { min-width: 8em; }
  details { margin: 8px 0; }
  .layout { display: grid; grid-template-columns: minmax(0, 500px) minmax(0, 1fr); gap: 18px; }
  @media (max-width: 900px) { .layout { grid-template-columns: minmax(0, 1fr); } }
</style>
</head>
<body>
<main>
<header>
  <h1>What the class got wrong</h1>
  <p class="sub">Graded folder <code>{{ title }}</code> · written {{ written }}</p>
  <ul class="headline" id="headline">
    <li><b id="count-students">{{ students }}</b> students</li>
    <li><b id="count-submissions">{{ submissions }}</b> submissions graded</li>
    <li><b id="count-assignments">{{ assignments | length }}</b> assignments</li>
    <li><b id="count-flags">{{ flag_count }}</b> flags to look at</li>
  </ul>
  <nav>
    <a href="#reteach">Reteach first</a>
    {% for a in assignments %}<a href="#assignment-{{ loop.index }}">{{ a.summary.name }}</a>{% endfor %}
    <a href="#flags">Flags</a>
  </nav>
</header>

<h2 id="reteach">Reteach first</h2>
<p>The mistakes the most students made, over every assignment ("not answered" is left out; it is
shown per exercise). Each explanation is what the students read in their feedback.</p>
{% if top %}
<div class="card">
<table>
  <tr><th>mistake</th><th>exercise</th><th class="n">students</th><th>what students were told</th></tr>
  {% for assignment, e, m in top %}
  <tr><td class="mistake"><b>{{ m.name }}</b></td><td><code>{{ e.name }}</code><br><span class="none">{{ assignment }}</span></td>
      <td class="n">{{ m.students }} of {{ e.students }} ({{ m.share | percent }})</td>
      <td class="explain">{{ m.explanation or "(no explanation in the current catalogue)" }}</td></tr>
  {% endfor %}
</table>
</div>
{% else %}
<p class="none">No recognised mistakes in this class.</p>
{% endif %}

{% for a in assignments %}
{% set s = a.summary %}
<section id="assignment-{{ loop.index }}">
<h2>{{ s.name }}</h2>
<p class="facts"><span><b>{{ s.students }}</b> students</span>
  <span>median total <b>{{ s.median | num }}</b> of {{ s.max_total | num }}</span>
  <span>full marks on everything: <b>{{ s.full_marks }}</b> ({{ (s.full_marks / s.students) | percent }})</span></p>
<div class="charts card">
  <img src="{{ a.histogram }}" alt="Histogram of the total scores of {{ s.name }}">
  <img src="{{ a.full_marks }}" alt="Share of full marks per exercise of {{ s.name }}">
</div>
{% for x in a.exercises %}
{% set e = x.summary %}
<article class="card exercise" id="exercise-{{ loop.index }}-{{ a.index }}">
  <h3><code>{{ e.name }}</code></h3>
  <p class="facts"><span>full marks: <b>{{ e.full_marks }}</b> of {{ e.students }} ({{ e.full_share | percent }})</span>
    <span>not answered: <b>{{ e.not_answered }}</b> ({{ e.not_answered_share | percent }})</span>
    <span{% if e.unrecognised %} class="warn"{% endif %}>no recognised mistake: <b>{{ e.unrecognised }}</b>
      ({{ e.unrecognised_share | percent }})</span></p>
  {% if x.chart %}
  <div class="layout">
    <div><img src="{{ x.chart }}" alt="Students per mistake in {{ e.name }}"></div>
    <div>
    {% if e.mistakes %}
    <table>
      <tr><th>mistake</th><th class="n">students</th><th>what students were told</th></tr>
      {% for m in e.mistakes %}
      <tr><td class="mistake"><b>{{ m.name }}</b></td><td class="n">{{ m.students }} ({{ m.share | percent }})</td>
          <td class="explain">{{ m.explanation or "(no explanation in the current catalogue)" }}</td></tr>
      {% endfor %}
    </table>
    {% endif %}
    {% if e.unrecognised %}
    <p class="warn">{{ e.unrecognised }} {{ "student" if e.unrecognised == 1 else "students" }} lost marks
      with no recognised mistake: the catalogue of mistakes could grow here.</p>
    {% endif %}
    </div>
  </div>
  {% if e.example %}
  <h4>Smallest failing case of a student with "{{ e.example_mistake }}" (anonymised)</h4>
  <pre>{{ e.example }}</pre>
  {% elif e.example_mistake %}
  <p class="none">No failing case was shown to these students.</p>
  {% endif %}
  {% if e.unrecognised_example %}
  <details><summary>A failure with no recognised mistake (anonymised)</summary>
  <pre>{{ e.unrecognised_example }}</pre></details>
  {% endif %}
  {% else %}
  <p class="none">Everyone graded got full marks.</p>
  {% endif %}
</article>
{% endfor %}
</section>
{% endfor %}

<h2 id="flags">Flags</h2>
<p>What a person should look at (from flags.csv), grouped by kind. Each group lists the students
and the full reason.</p>
{% for g in flag_groups %}
<details class="card"{% if g.flags | length <= 8 %} open{% endif %}>
  <summary><span class="count">{{ g.students | length }} {{ "student" if g.students | length == 1 else "students" }}</span>
    {{ g.kind }}</summary>
  <table class="flags">
    <colgroup><col style="width: 18%"><col style="width: 17%"><col style="width: 15%"><col></colgroup>
    <tr><th>student</th><th>assignment</th><th>exercise</th><th>reason</th></tr>
    {% for f in g.flags %}
    <tr><td>{{ f.student }}</td><td>{{ f.assignment }}</td><td>{{ f.exercise }}</td><td>{{ f.reason }}</td></tr>
    {% endfor %}
  </table>
</details>
{% else %}
<p class="none">No flags: nothing needs a person's look.</p>
{% endfor %}
</main>
</body>
</html>
"""


def number(value: float) -> str:
    return f"{value:g}"


def _environment() -> Environment:
    environment = Environment(autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    environment.filters["percent"] = percent
    environment.filters["num"] = number
    return environment


def render(title: str, assignments: list, top: list, flag_groups: list, flag_count: int,
           students: int, submissions: int) -> str:
    """The page. `assignments`: [{"summary", "index", "histogram", "full_marks", "exercises":
    [{"summary", "chart"}]}] with the charts as data URIs."""
    return _environment().from_string(TEMPLATE).render(
        title=title, assignments=assignments, top=top, flag_groups=flag_groups, flag_count=flag_count,
        students=students, submissions=submissions,
        written=datetime.datetime.now().strftime("%Y-%m-%d %H:%M"))
