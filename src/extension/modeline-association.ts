/**
 * A plain `*.yaml` file that names our schema in a yaml-language-server modeline
 * (`# yaml-language-server: $schema=…/mlip-config.schema.json`) is a training config too: it is switched
 * to our language so our server checks it and Red Hat YAML (which only handles `yaml`) does not report
 * the same problems a second time.
 */
import * as vscode from 'vscode';
import { namesOurSchema } from './modeline';

export function registerModelineAssociation(): vscode.Disposable {
  const check = (doc: vscode.TextDocument): void => {
    if (doc.languageId !== 'yaml') return;
    const head = doc.getText(new vscode.Range(0, 0, Math.min(doc.lineCount, 20), 0));
    if (namesOurSchema(head)) void vscode.languages.setTextDocumentLanguage(doc, 'mlip-config-yaml');
  };
  vscode.workspace.textDocuments.forEach(check);
  return vscode.workspace.onDidOpenTextDocument(check);
}
