// Copy buttons of the code blocks docdrift renders itself (figure.dd-code): one listener for the page.
document.addEventListener('click', async (event) => {
  const button = event.target instanceof Element ? event.target.closest('button.dd-copy') : null;
  const code = button?.closest('figure.dd-code')?.querySelector('pre');
  if (!button || !code) return;
  const text = code.innerText.replace(/\n$/, '');
  let copied = false;
  try {
    await navigator.clipboard.writeText(text);
    copied = true;
  } catch {
    // No clipboard API (plain http on another host): select the text and let the browser copy it.
    const range = document.createRange();
    range.selectNodeContents(code);
    const selection = window.getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
    copied = document.execCommand('copy');
  }
  button.textContent = copied ? 'Copied' : 'Press Ctrl+C';
  setTimeout(() => {
    button.textContent = 'Copy';
  }, 2000);
});
