/** Questions the benches ask: plain topics, targets, a unit listing, a who-is-responsible; none from the eval set. */
export const QUESTIONS: readonly string[] = [
  '家庭医生签约服务覆盖率要达到多少?',
  '医政科负责哪些工作?',
  '方舱医院要准备多少张床位?',
  '三甲医院今年新增几家?',
  '社康中心服务能力怎么提升?',
  '老年人流感疫苗接种',
  '公立医院药品收入占比',
  '高层次人才引进目标是多少?',
  '卫生应急体系建设',
  '厕所专项整治行动',
];
