// resellermgr panel: progressive enhancement only. Every flow works without this file:
// tabs fall back to stacked fieldsets, "select all" stays hidden, confirmations are server pages.
(function () {
  'use strict';
  document.documentElement.classList.add('js');

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
    var failed = document.querySelector('.field.error');
    var first = failed ? failed.closest('fieldset.page').id : links[0].dataset.page;
    show(first);
  });

  // Focus the first rejected field.
  var failedInput = document.querySelector('.field.error input, .field.error select, .field.error textarea');
  if (failedInput) failedInput.focus();
})();
