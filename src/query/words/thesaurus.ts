/**
 * How people in a group chat say things, and how the plans say them. Plans use official terms (厕所专项整治,
 * 抗菌药物, 值守, 高级职称); staff ask with everyday words (卫生间, 抗生素, 值班, 评副高). A lexical retriever
 * cannot bridge that by itself, so a question's everyday words also search for their official forms.
 *
 * This is domain vocabulary of health administration, not a list of expected answers: an entry maps a
 * colloquial word to the terms a plan would use for the same thing, whatever the question.
 */
const ENTRIES: Array<[string, string[]]> = [
  // Facilities and sanitation
  ['卫生间', ['厕所']], ['洗手间', ['厕所']], ['公厕', ['厕所']], ['茅房', ['厕所']], ['脏乱', ['整治', '环境卫生']],
  ['垃圾', ['环境卫生', '医疗废物']], ['蚊子', ['病媒生物']], ['老鼠', ['病媒生物']], ['蟑螂', ['病媒生物']],
  // Vaccination and epidemics
  ['打针', ['接种']], ['打疫苗', ['接种', '疫苗']], ['第三针', ['第三剂', '加强针', '接种']], ['加强针', ['加强针', '第三剂', '接种']],
  ['新冠', ['新冠肺炎', '新冠病毒']], ['防疫', ['疫情防控']], ['核酸', ['核酸检测']], ['阳性', ['感染者', '病例']],
  ['流感', ['流感疫苗']], ['传染病', ['传染病防控']],
  // Medicines
  ['抗生素', ['抗菌药物']], ['消炎药', ['抗菌药物']], ['乱用', ['合理应用', '合理用药']], ['滥用', ['合理应用', '合理用药']],
  ['药价', ['药品价格', '集中采购']], ['药费', ['药品', '药占比']], ['买药', ['药品', '药房']], ['看病贵', ['医疗费用', '控费']],
  // People and careers
  ['评副高', ['高级职称', '职称']], ['评正高', ['高级职称', '职称']], ['副高', ['高级职称']], ['正高', ['高级职称']],
  ['评职称', ['职称', '职称评审']], ['大医院', ['总院', '三级医院', '公立医院']], ['下基层', ['基层', '下沉', '驻点']], ['医生不够', ['人才', '医务人员']], ['缺医生', ['人才', '医务人员']],
  ['招人', ['招聘', '引进']], ['工资', ['薪酬']], ['待遇', ['薪酬', '激励']], ['护士', ['护理', '护士']], ['专家', ['专家', '人才']],
  // Chronic disease and population groups
  ['血压', ['高血压', '三高']], ['血糖', ['高血糖', '糖尿病', '三高']], ['血脂', ['高血脂', '三高']],
  ['老人', ['老年人']], ['小孩', ['儿童']], ['孩子', ['儿童', '学生']], ['娃', ['儿童', '婴幼儿']], ['孕妇', ['孕产妇']],
  ['生孩子', ['生育', '分娩', '孕产妇']], ['带娃', ['托育']], ['托儿', ['托育']], ['养老', ['医养结合', '老年']],
  ['牙', ['口腔', '窝沟封闭']], ['精神病', ['精神卫生', '严重精神障碍']], ['抑郁', ['心理健康', '精神卫生']],
  ['抽烟', ['控烟', '吸烟']], ['禁烟', ['控烟']], ['癌症', ['癌症', '肿瘤']], ['体检', ['健康体检', '健康管理']],
  ['献血', ['无偿献血', '血站', '血液']], ['职业病', ['职业健康', '职业病']],
  // Services
  ['值班', ['值守', '值班']], ['节假日', ['节假日', '值守']], ['看病', ['就医', '诊疗']], ['挂号', ['预约诊疗', '预约']],
  ['排队', ['预约', '便民']], ['网上看病', ['互联网医院', '互联网+医疗健康']], ['线上', ['互联网', '线上']],
  ['救护车', ['院前急救', '急救']], ['急救', ['急救', 'aed']], ['社区医院', ['社康中心', '社区卫生服务中心', '社区医院']],
  ['社康', ['社康中心', '社区健康服务']], ['家医', ['家庭医生']], ['签约', ['家庭医生签约']], ['报销', ['医保', '支付']],
  ['医闹', ['医疗纠纷', '平安医院']], ['红包', ['医德医风', '廉洁']], ['回扣', ['医药回扣', '廉洁']], ['中医', ['中医药']],
  ['花钱', ['投入', '经费', '财政']], ['盖医院', ['医院建设', '新建', '项目']], ['建医院', ['医院建设', '新建', '项目']],
  ['床位', ['床位', '病床']], ['病床', ['床位']], ['食品', ['食品安全']], ['喝的水', ['饮用水', '水质']],
];

const TABLE = new Map<string, string[]>(ENTRIES);

export interface Expansion {
  /** The everyday word found in the question. */
  word: string;
  /** What the plans call it. */
  official: string[];
}

/** The everyday words a question uses and their official forms; longer words first, inner words skipped. */
export function expandQuestion(text: string): Expansion[] {
  const found = [...TABLE.keys()].filter((w) => text.includes(w)).sort((a, b) => b.length - a.length);
  const kept = found.filter((w) => !found.some((o) => o.length > w.length && o.includes(w)));
  return kept.map((word) => ({ word, official: TABLE.get(word)! }));
}
