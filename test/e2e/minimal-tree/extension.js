// The floor for a contributed view's cold open: activated by its view (implicit onView), static rows, no work.
// Eleven collapsible rows, like the Topics tree's categories, whose aria-label ends "N questions" the same way.
const vscode = require('vscode');

const rows = Array.from({ length: 11 }, (_, i) => ({ label: `Category ${i + 1}`, count: i + 2 }));

exports.activate = (context) => {
  const provider = {
    getChildren: (parent) => (parent ? [] : rows),
    getTreeItem: (row) => {
      const item = new vscode.TreeItem(row.label, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = row.label;
      item.description = `${row.count} questions`;
      item.iconPath = new vscode.ThemeIcon('folder-library');
      item.accessibilityInformation = { label: `${row.label}, ${row.count} questions`, role: 'treeitem' };
      return item;
    },
  };
  context.subscriptions.push(vscode.window.createTreeView('minimalTree.rows', { treeDataProvider: provider }));
};
