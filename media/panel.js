// Renders the policy panel from the model the extension posts. Every piece of text is
// set with textContent: policy text, extension names and command lines are never HTML.
(function () {
  'use strict';
  const vscode = acquireVsCodeApi();
  const root = document.getElementById('root');
  // A small live region: screen readers hear the summary when it changes, not the whole panel.
  const status = document.getElementById('status');
  // The alert region stays in the page across renders and is written only when the set of
  // policy errors changes, so a refresh with the same errors is not announced again.
  const alerts = document.getElementById('alerts');
  let announcedProblems = '[]';
  // The last model and the move on show ("Move my setup"), each kept for the other's re-render.
  let currentModel = null;
  let currentMigration = null;

  /** Creates an element; children are nodes or strings (strings become text nodes). */
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'className') node.className = value;
      else if (key === 'onClick') node.addEventListener('click', value);
      else node.setAttribute(key, String(value));
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null || child === false) continue;
      node.append(typeof child === 'string' ? document.createTextNode(child) : child);
    }
    return node;
  }

  /** Only https: links are clickable; anything else stays visible as plain text. */
  function linkButton(text, url) {
    if (typeof url !== 'string' || !/^https:\/\//i.test(url)) return el('span', { className: 'inert-link' }, text);
    return el('button', { className: 'link', type: 'button', title: url, onClick: () => vscode.postMessage({ type: 'openExternal', url }) }, text);
  }

  /** Inline Markdown: **bold**, *italic* and `code` become elements; everything else is text. */
  function inline(text) {
    const nodes = [];
    const pattern = /(\*\*[^*]+\*\*|`[^`]+`|\*[^*\s][^*]*\*)/g;
    let last = 0;
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
      if (match.index > last) nodes.push(text.slice(last, match.index));
      const token = match[0];
      if (token.startsWith('**')) nodes.push(el('strong', {}, token.slice(2, -2)));
      else if (token.startsWith('`')) nodes.push(el('code', {}, token.slice(1, -1)));
      else nodes.push(el('em', {}, token.slice(1, -1)));
      last = match.index + token.length;
    }
    if (last < text.length) nodes.push(text.slice(last));
    return nodes;
  }

  const CJK_END = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]$/;
  const CJK_START = /^[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/;

  /** Reason text: paragraphs, "- " lists and inline emphasis; never HTML, never links. */
  function renderReason(text) {
    const blocks = [];
    // The paragraph or list that the next line continues; a blank line ends either.
    let list = null;
    let paragraph = null;
    for (const line of text.split(/\r?\n/)) {
      // The marker only; the item's text is the rest as it is (`\s+(.*)$` would rescan a
      // long run of spaces before a character `.` does not match, in quadratic time).
      const marker = /^\s*[-*]\s+/.exec(line);
      if (marker) {
        paragraph = null;
        if (!list) { list = el('ul'); blocks.push(list); }
        list.append(el('li', {}, inline(line.slice(marker[0].length))));
      } else if (line.trim() === '') {
        list = null;
        paragraph = null;
      } else if (paragraph) {
        // A wrapped line joins with a space, except between Chinese or Japanese characters.
        const joiner = CJK_END.test(paragraph.textContent) || CJK_START.test(line.trim()) ? '' : ' ';
        paragraph.append(joiner, ...inline(line.trim()));
      } else {
        list = null;
        paragraph = el('p', {}, inline(line.trim()));
        blocks.push(paragraph);
      }
    }
    return blocks;
  }

  function renderCard(card, labels) {
    const deadline = card.deadlineDate
      ? el('p', { className: 'deadline' },
          el('span', { className: 'label' }, labels.deadline + ': '),
          el('strong', { className: 'date' }, card.deadlineDisplay || card.deadlineDate),
          card.deadlineDisplay ? el('span', { className: 'iso' }, ' (' + card.deadlineDate + ')') : null,
          ' ', el('span', { className: 'zone' }, '(' + card.timezoneLabel + ')'),
          card.relative ? el('span', { className: 'relative relative-' + card.phase }, ' · ' + card.relative) : null)
      : el('p', { className: 'deadline' }, el('span', { className: 'label' }, labels.deadline + ': '), labels.noDeadline);

    const alternative = card.alternative
      ? el('section', { className: 'alternative' },
          el('h3', {}, labels.alternative + ': ' + card.alternative.name),
          card.alternative.description ? el('p', {}, card.alternative.description) : null,
          card.alternative.url ? linkButton(card.alternative.openLabel, card.alternative.url) : null,
          card.alternative.installs.map((install) => el('button', { type: 'button', onClick: () => vscode.postMessage({ type: 'installAlternative', extensionId: install.extensionId }) }, install.label)),
          card.alternative.moveLabel
            ? el('button', { type: 'button', className: 'move', onClick: () => vscode.postMessage({ type: 'planMigration', ruleId: card.ruleId }) }, card.alternative.moveLabel)
            : null,
          card.alternative.commands.length
            ? el('p', { className: 'cli' }, labels.alternativeCommand + ': ',
                card.alternative.commands.map((command) => el('button', {
                  className: 'code', type: 'button', title: labels.copy, 'aria-label': labels.copy + ': ' + command, onClick: () => vscode.postMessage({ type: 'copy', text: command }),
                }, command)))
            : null)
      : null;

    // "Read on …" once the rule as written now is acknowledged; until then, the button.
    const acknowledgement = card.acknowledged
      ? el('p', { className: 'acknowledged' }, card.acknowledged)
      : card.acknowledgeLabel
        ? el('p', { className: 'acknowledge' }, el('button', { type: 'button', className: 'remedy', onClick: () => vscode.postMessage({ type: 'acknowledge', ruleId: card.ruleId }) }, card.acknowledgeLabel))
        : null;

    return el('article', { className: 'card phase-' + card.phase, 'data-finding': card.findingId },
      el('header', {},
        el('h2', {}, card.title),
        el('span', { className: 'badge phase' }, card.phaseLabel),
        card.classification ? el('span', { className: 'badge classification' }, card.classification) : null),
      acknowledgement,
      el('p', { className: 'tool' }, card.toolName),
      el('p', { className: 'source source-' + card.source.layer }, el('span', { className: 'label' }, labels.source + ': '), card.source.label),
      card.blocks.length
        ? el('section', { className: 'blocked', role: 'note' }, el('h3', {}, labels.blocked),
            card.blocks.map((block) => el('p', { className: 'block block-' + block.cause }, block.text)),
            // What a person needs at the moment they find the extension disabled: why the
            // rule exists, when it applies, what to use instead and whom to ask.
            card.reason ? el('div', { className: 'block-reason' }, el('h4', {}, labels.reason), renderReason(card.reason)) : null,
            el('p', {}, el('span', { className: 'label' }, labels.deadline + ': '), card.deadlineDate ? (card.deadlineDisplay || card.deadlineDate) : labels.noDeadline),
            card.alternative ? el('p', {}, el('span', { className: 'label' }, labels.alternative + ': '), card.alternative.url ? linkButton(card.alternative.name, card.alternative.url) : card.alternative.name) : null,
            card.exceptionRequestUrl ? linkButton(labels.requestException, card.exceptionRequestUrl) : null)
        : null,
      deadline,
      card.timeline.length
        ? el('ol', { className: 'timeline', 'aria-label': labels.timeline }, card.timeline.map((step) =>
            el('li', { className: step.current ? 'current' : '' }, el('span', { className: 'label' }, step.label), ' ', el('strong', {}, step.date))))
        : null,
      card.exception ? el('p', { className: 'exception' }, card.exception) : null,
      card.enforcementNote ? el('p', { className: 'enforcement', role: 'note' }, card.enforcementNote) : null,
      card.reason ? el('section', { className: 'reason' }, el('h3', {}, labels.reason), renderReason(card.reason)) : null,
      el('section', { className: 'evidence' },
        el('h3', {}, labels.evidence),
        el('ul', {}, card.evidence.map((item) => el('li', {},
          el('span', { className: 'label' }, item.label + ': '), el('code', {}, item.detail), ' ',
          item.extensionId ? el('button', { type: 'button', className: 'remedy', onClick: () => vscode.postMessage({ type: 'uninstall', extensionId: item.extensionId }) }, labels.uninstall) : null,
          item.terminalName ? el('button', { type: 'button', className: 'remedy', onClick: () => vscode.postMessage({ type: 'focusTerminal', name: item.terminalName }) }, labels.showTerminal) : null)))),
      alternative,
      card.links.length || card.exceptionRequestUrl
        ? el('section', { className: 'links' }, el('h3', {}, labels.links),
            card.links.map((link) => linkButton(link.title, link.url)),
            card.exceptionRequestUrl ? linkButton(labels.requestException, card.exceptionRequestUrl) : null)
        : null);
  }

  /** One item of a move's plan: what the target takes, why, and where it goes. */
  function renderMigrationItem(item, labels) {
    return el('li', { className: 'move-item fidelity-' + item.fidelity + ' state-' + item.state },
      el('p', { className: 'move-head' },
        el('span', { className: 'badge fidelity' }, item.fidelityLabel),
        item.stateLabel ? el('span', { className: 'badge state' }, item.stateLabel) : null,
        ' ', el('span', { className: 'kind' }, item.kind), ' ', el('code', { className: 'source' }, item.source)),
      item.target ? el('p', { className: 'target' }, el('span', { className: 'label' }, labels.target + ': '), el('code', {}, item.target)) : null,
      el('p', { className: 'why' }, item.reason),
      item.stateReason ? el('p', { className: 'state-reason' }, item.stateReason) : null,
      item.losses.map((loss) => el('p', { className: 'loss' }, el('span', { className: 'label' }, labels.lost + ': '), loss)),
      item.notes.map((note) => el('p', { className: 'note' }, el('span', { className: 'label' }, labels.note + ': '), note)),
      item.secrets ? el('p', { className: 'secrets' }, el('span', { className: 'label' }, labels.secrets + ': '), el('code', {}, item.secrets)) : null);
  }

  /** A move's plan, or what was written and what is left once it was applied. */
  function renderMigration(view) {
    const labels = view.labels;
    const busy = view.stage === 'planning' || view.stage === 'applying';
    return el('section', { className: 'migration stage-' + view.stage, 'aria-label': labels.region, 'aria-busy': busy ? 'true' : null, 'data-plan': view.id },
      el('h2', {}, view.title),
      el('p', { className: 'intro' }, view.intro),
      view.error ? el('p', { className: 'error', role: 'alert' }, view.error) : null,
      view.written.length ? el('section', { className: 'written' }, el('h3', {}, labels.written), el('ul', {}, view.written.map((line) => el('li', {}, el('code', {}, line))))) : null,
      view.left.length ? el('section', { className: 'left' }, el('h3', {}, labels.left), el('ul', {}, view.left.map((line) => el('li', {}, line)))) : null,
      view.groups.map((group) => el('section', { className: 'move-group' },
        el('h3', {}, group.title),
        el('ul', {}, group.items.map((item) => renderMigrationItem(item, labels))),
        group.problems.length ? el('ul', { className: 'problems' }, group.problems.map((problem) => el('li', {}, el('span', { className: 'label' }, labels.unreadable + ': '), problem))) : null)),
      view.summary ? el('p', { className: 'summary' }, view.summary) : null,
      view.notes.map((note) => el('p', { className: 'note' }, note)),
      el('p', { className: 'actions' },
        view.canApply ? el('button', { type: 'button', className: 'apply', onClick: () => vscode.postMessage({ type: 'applyMigration', planId: view.id }) }, labels.apply) : null,
        busy ? null : el('button', { type: 'button', className: 'close secondary', onClick: () => vscode.postMessage({ type: 'closeMigration', planId: view.id }) }, labels.close)));
  }

  function render(model) {
    const labels = model.labels;
    const hasPolicy = model.sources.some((source) => source.status !== 'missing');
    const parts = [
      el('header', { className: 'page' },
        el('h1', {}, model.organization ? model.organization + ' — ' + labels.heading : labels.heading),
        model.contact ? el('p', {}, labels.contact + ': ', /^https:/i.test(model.contact) ? linkButton(model.contact, model.contact) : el('span', { className: 'contact' }, model.contact)) : null,
        model.policyUrl ? linkButton(labels.readPolicy, model.policyUrl) : null,
        model.clock ? el('p', { className: 'clock', role: 'note' }, model.clock) : null),
      currentMigration ? renderMigration(currentMigration) : null,
      model.problems.length
        ? el('section', { className: 'problems' }, el('h2', {}, labels.problems), el('ul', {}, model.problems.map((p) => el('li', {}, el('code', {}, p)))))
        : null,
      model.warnings && model.warnings.length
        ? el('section', { className: 'warnings' }, el('h2', {}, labels.warnings), el('ul', {}, model.warnings.map((w) => el('li', {}, el('code', {}, w)))))
        : null,
      model.cards.length
        ? model.cards.map((card) => renderCard(card, labels))
        : el('p', { className: 'compliant' }, hasPolicy ? labels.compliant : labels.noPolicy),
      model.notShown ? el('p', { className: 'not-shown', role: 'note' }, model.notShown) : null,
      model.ignored.length
        ? el('section', { className: 'ignored' }, el('h2', {}, labels.ignored), el('ul', {}, model.ignored.map((text) => el('li', {}, text))))
        : null,
      el('section', { className: 'checks' },
        el('h2', {}, labels.checks),
        el('ul', {}, model.checks.map((text) => el('li', {}, text))),
        el('h3', {}, labels.sources),
        el('ul', {}, model.sources.map((source) => el('li', {}, el('code', {}, source.path), ' — ' + source.label + (source.note ? ' — ' + source.note : ''))))),
    ];
    root.replaceChildren(...parts.flat().filter(Boolean));
    if (status && status.textContent !== model.summary) status.textContent = model.summary;
    const problems = JSON.stringify(model.problems);
    if (alerts && problems !== announcedProblems) {
      announcedProblems = problems;
      // Emptied quietly when the errors are gone; otherwise the new set, in one announcement.
      alerts.textContent = model.problems.length ? labels.problems + ': ' + model.problems.join('; ') : '';
    }
  }

  function saveState() {
    vscode.setState(currentMigration ? { model: currentModel, migration: currentMigration } : { model: currentModel });
  }

  window.addEventListener('message', (event) => {
    const message = event.data;
    if (message && message.type === 'model' && message.model) {
      currentModel = message.model;
      saveState();
      render(currentModel);
    } else if (message && message.type === 'migration') {
      const fresh = message.view && (!currentMigration || currentMigration.id !== message.view.id);
      currentMigration = message.view || null;
      saveState();
      if (currentModel) render(currentModel);
      // A new plan is brought into view; the same plan's later stages stay where the person is.
      const shown = root.querySelector('section.migration');
      if (fresh && shown && typeof shown.scrollIntoView === 'function') shown.scrollIntoView({ block: 'start' });
    }
  });

  const saved = vscode.getState();
  if (saved && saved.migration) currentMigration = saved.migration;
  if (saved && saved.model) {
    currentModel = saved.model;
    render(saved.model);
  }
  vscode.postMessage({ type: 'ready' });
})();
