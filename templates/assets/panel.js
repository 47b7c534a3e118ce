// resellermgr panel: progressive enhancement only. Every flow works without this file:
// tabs fall back to stacked fieldsets, "select all" stays hidden, confirmations are server pages.
(function () {
  'use strict';
  document.documentElement.classList.add('js');

  // Actions on rows are enabled while at least one row is ticked (without this script the server
  // says "select at least one" instead).
  document.querySelectorAll('#list-form').forEach(function (form) {
    var actions = form.querySelectorAll('.toolbar button[data-type=group], .toolbar button[data-type=edit]');
    function update() {
      var any = form.querySelector('tbody input[name=elid]:checked') !== null;
      actions.forEach(function (button) { button.disabled = !any; });
    }
    form.addEventListener('change', update);
    update();
  });

  // Select-all checkbox in list headers.
  document.querySelectorAll('input.select-all').forEach(function (all) {
    all.hidden = false;
    var table = all.closest('table');
    all.addEventListener('change', function () {
      table.querySelectorAll('tbody input[name=elid]').forEach(function (box) {
        box.checked = all.checked;
      });
    });
  });

  // Form pages as tabs; the page holding a rejected field opens first.
  document.querySelectorAll('nav.tabs').forEach(function (tabs) {
    var links = Array.prototype.slice.call(tabs.querySelectorAll('a[data-page]'));
    function show(id) {
      links.forEach(function (link) {
        var active = link.dataset.page === id;
        link.classList.toggle('active', active);
        link.setAttribute('aria-selected', active ? 'true' : 'false');
        document.getElementById(link.dataset.page).hidden = !active;
      });
    }
    links.forEach(function (link) {
      link.addEventListener('click', function (event) {
        event.preventDefault();
        show(link.dataset.page);
      });
    });
    // Every tab with a rejected field says so: the form's errors are all shown at once.
    links.forEach(function (link) {
      if (document.getElementById(link.dataset.page).querySelector('.field.error'))
        link.classList.add('has-error');
    });
    var failed = document.querySelector('.field.error');
    var first = failed ? failed.closest('fieldset.page').id : links[0].dataset.page;
    show(first);
  });

  // Choosing a template fills the form's limits with the template's (the fields stay editable);
  // preset_applied tells the server the fields already say what to save. Without this script
  // the server gives empty limit fields the chosen template's values.
  document.querySelectorAll('select[name=preset]').forEach(function (select) {
    var form = select.form;
    select.addEventListener('change', function () {
      var option = select.selectedOptions[0];
      if (!option || !option.value) return;
      var limits = {};
      (option.dataset.limits || '').split(',').forEach(function (pair) {
        if (pair) limits[pair.split('=')[0]] = pair.split('=')[1];
      });
      form.querySelectorAll('input[name^="limit_"]').forEach(function (input) {
        if (input.type === 'checkbox') {
          input.checked = Object.prototype.hasOwnProperty.call(limits, input.name);
        } else if (input.type === 'text') {
          input.value = limits[input.name] || '';
        }
      });
      var applied = form.querySelector('input[name=preset_applied]');
      if (!applied) {
        applied = document.createElement('input');
        applied.type = 'hidden';
        applied.name = 'preset_applied';
        form.appendChild(applied);
      }
      applied.value = '1';
    });
  });

  // The strength of a new password as it is typed, by the server's own rule (func=password.strength,
  // the rule every form applies); without this script the form says what is weak when sent.
  var password = document.getElementById('f-passwd');
  var meter = document.getElementById('f-passwd-strength');
  var weak = document.getElementById('f-passwd-weak');
  if (password && meter && weak) {
    var timer = null;
    var nameField = document.getElementById('f-name');
    password.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        if (password.value === '') { meter.hidden = true; weak.textContent = ''; return; }
        var body = new URLSearchParams({ func: 'password.strength', out: 'json', passwd: password.value });
        if (nameField && nameField.value) body.set('name', nameField.value);
        fetch(window.location.pathname, { method: 'POST', body: body, credentials: 'same-origin' })
          .then(function (response) { return response.json(); })
          .then(function (reply) {
            var strength = reply.doc && reply.doc.strength;
            if (!strength) return;
            meter.hidden = false;
            meter.value = Number(strength.$score || 0);
            weak.textContent = strength.$acceptable === 'on' ? meter.dataset.strong || '' : (strength.$ || '');
          })
          .catch(function () { meter.hidden = true; });
      }, 250);
    });
  }

  // Focus the first rejected field.
  var failedInput = document.querySelector('.field.error input, .field.error select, .field.error textarea');
  if (failedInput) failedInput.focus();
})();
