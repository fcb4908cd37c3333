import { render } from 'preact'
import { App } from './App'

// The console's script: everything renders in the client; the server sends only the shell.
const root = document.getElementById('console')
if (root) {
  root.textContent = ''
  render(<App />, root)
}
