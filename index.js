// n8n loads the nodes and credentials listed in package.json's `n8n` section; this entry
// point only exists so that `require('n8n-nodes-extole-braze')` resolves.
module.exports = {};
