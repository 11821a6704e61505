/** Fixed wording the bot uses. Kept in one place so the tone stays consistent and translators find it. */

export const replies = {
  apology: '抱歉，刚才处理这条消息时出了问题，请稍后再试一次。',
  rateLimited: (perMinute: number, seconds: number) => `提问有点快了：每人每分钟最多 ${perMinute} 条问题，请 ${seconds} 秒后再问。命令（如 /help）不受此限制。`,
  messageCut: (max: number) => `（你的消息超过 ${max} 字，只读取了前 ${max} 字。）`,
  noWords: '请用文字提问，例如：医用耗材怎么管理？发送 /help 查看全部用法。',
  unknownCommand: (name: string) => `没有 /${name} 这个命令。`,
  needsArgument: (usage: string) => `用法：${usage}`,
  feedbackNothing: '没有找到你最近问过的问题：请在提问之后再发送 /错了。',
  feedbackThanks: (question: string) =>
    `谢谢，已记下：“${question.length > 40 ? `${question.slice(0, 40)}…` : question}”的回答不对。可以在 /错了 后面写上正确的说法。`,
  tooLong: (omitted: number) => `（内容较长，其余 ${omitted} 段从略；请把问题问得更具体一些。）`,
};
