// Data upload (/datasets/{code}/upload). Step 1 sends the file with XMLHttpRequest so the browser can show how much
// has been sent; the server answers {"next": url} (the mapping step) or the page with the problem, whose problem box
// replaces ours. Without script the form posts normally. Step 3 (load) is a normal post: we only say it is running
// and ignore a second click.
(function () {
    'use strict';
    var form = document.querySelector('form[data-upload]');
    if (form && window.XMLHttpRequest && window.FormData) {
        var box = form.querySelector('.progress');
        var bar = document.getElementById('upload-progress');
        var status = document.getElementById('upload-status');
        var button = form.querySelector('button[type=submit]');
        var sending = false;
        form.addEventListener('submit', function (e) {
            e.preventDefault();
            if (sending) return;
            sending = true;
            button.disabled = true;
            box.hidden = false;
            bar.value = 0;
            status.textContent = form.dataset.uploading;
            var xhr = new XMLHttpRequest();
            xhr.open('POST', form.action);
            xhr.setRequestHeader('X-Requested-With', 'XMLHttpRequest');
            xhr.upload.addEventListener('progress', function (p) {
                if (!p.lengthComputable) return;
                var percent = Math.floor(p.loaded * 100 / p.total);
                bar.value = percent;
                status.textContent = form.dataset.uploading + ' ' + percent + '%';
            });
            xhr.upload.addEventListener('load', function () {
                bar.value = 100;
                status.textContent = form.dataset.checking;
            });
            xhr.addEventListener('load', function () {
                var type = xhr.getResponseHeader('Content-Type') || '';
                if (xhr.status === 200 && type.indexOf('application/json') === 0) {
                    window.location.assign(JSON.parse(xhr.responseText).next);
                    return;
                }
                var page = new DOMParser().parseFromString(xhr.responseText, 'text/html');
                var problem = page.querySelector('[data-test=problem]');
                var slot = document.getElementById('upload-problem');
                slot.innerHTML = '';
                if (problem) slot.appendChild(document.importNode(problem, true));
                status.textContent = problem ? '' : form.dataset.failed + ' (HTTP ' + xhr.status + ')';
                reset();
            });
            xhr.addEventListener('error', function () { status.textContent = form.dataset.failed; reset(); });
            xhr.addEventListener('abort', function () { status.textContent = form.dataset.failed; reset(); });
            xhr.send(new FormData(form));
        });
        function reset() {
            sending = false;
            button.disabled = false;
            box.hidden = true;
        }
    }

    var load = document.querySelector('form[data-load]');
    if (load) {
        var running = false;
        load.addEventListener('submit', function (e) {
            if (running) { e.preventDefault(); return; }
            running = true;
            if (e.submitter && e.submitter.dataset.test !== 'load') return; // "preview again" reads only the first rows
            load.setAttribute('aria-busy', 'true');
            document.getElementById('load-status').textContent = load.dataset.loading;
        });
    }
})();
