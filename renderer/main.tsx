/** Entry point: styles, then the React root. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import './styles/base.css';
import './styles/shell.css';
import './styles/controls.css';
import './styles/table.css';
import './styles/dialog.css';
import './styles/pages.css';
import './styles/insight.css';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
