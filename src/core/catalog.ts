import type { ToolDefinition } from './tool';

/**
 * The built-in catalog of AI coding assistants. Pure data: policies refer to these ids
 * and may add matchers through their `tools:` section.
 */
export const BUILT_IN_TOOLS: readonly ToolDefinition[] = [
  {
    // Source: Anthropic Claude Code docs (VS Code extension id anthropic.claude-code,
    // npm package @anthropic-ai/claude-code with bin `claude`).
    id: 'claude-code',
    name: 'Claude Code',
    vendor: 'Anthropic',
    extensions: ['anthropic.claude-code'],
    commands: ['claude'],
    packages: ['@anthropic-ai/claude-code'],
    processes: ['claude'],
    terminalNames: ['Claude Code'],
    apps: [],
  },
  {
    // Source: Qoder docs (npm package @qoder-ai/qodercli, bins `qodercli` and `qoder`;
    // the Qoder IDE is a VS Code fork with uriScheme `qoder`).
    id: 'qoder',
    name: 'Qoder',
    vendor: 'Alibaba',
    extensions: [],
    commands: ['qodercli', 'qoderclicn'],
    packages: ['@qoder-ai/qodercli'],
    processes: ['qodercli'],
    terminalNames: [],
    apps: ['Qoder', 'qoder'],
  },
  {
    // Source: Alibaba Cloud Tongyi Lingma docs (extension Alibaba-Cloud.tongyi-lingma,
    // third-party); background process Lingma from ~/.lingma/bin.
    id: 'lingma',
    name: 'Tongyi Lingma',
    vendor: 'Alibaba Cloud',
    extensions: ['Alibaba-Cloud.tongyi-lingma'],
    commands: [],
    packages: [],
    processes: ['Lingma'],
    terminalNames: [],
    apps: [],
  },
];
