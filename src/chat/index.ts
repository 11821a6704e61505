export * from './ports.js';
export { ChatSetupError, type ChannelStatus, type ChatChannel } from './channel.js';
export { createRouter, type ChatConfig, type Router, type RouterOptions } from './router.js';
export { plannedChannels, startChannels, type RunningChannels, type StartChannelsOptions } from './channels.js';
export { splitReply } from './split.js';
