/**
 * How people in a group chat say things, and how the plans say them. Plans use official terms (厕所专项整治,
 * 抗菌药物, 值守, 高级职称); staff ask with everyday words (卫生间, 抗生素, 值班, 评副高). A lexical retriever
 * cannot bridge that by itself, so a question's everyday words also search for their official forms.
 *
 * This is domain vocabulary of health administration, not a list of expected answers: an entry maps a
 * colloquial word to the terms a plan would use for the same thing, whatever the question.
 */
/**
 * One entry a line: `everyday word → official terms  # the general usage the entry stands for`.
 * Kept as text so that each entry reads as a glossary line and carries its note.
 */
const ENTRIES = `
卫生间 → 厕所  # colloquial for toilets; plans speak of 厕所 (厕所革命, 厕所专项整治)
洗手间 → 厕所  # colloquial for toilets
公厕 → 厕所  # short for public toilets
茅房 → 厕所  # rural colloquial for toilets
脏乱 → 整治, 环境卫生  # complaints about dirt are answered by clean-up campaigns
垃圾 → 环境卫生, 医疗废物  # rubbish: environmental hygiene, or medical waste in hospitals
蚊子 → 病媒生物  # mosquitoes are vectors in plan language
老鼠 → 病媒生物  # rats are vectors in plan language
蟑螂 → 病媒生物  # cockroaches are vectors in plan language
打针 → 接种  # "getting a shot" is vaccination
打疫苗 → 接种, 疫苗  # "getting vaccinated"
第三针 → 第三剂, 加强针, 接种  # the third dose of a vaccine
加强针 → 加强针, 第三剂, 接种  # booster dose
新冠 → 新冠肺炎, 新冠病毒  # COVID-19 (not every epidemic)
防疫 → 疫情防控  # epidemic prevention is 疫情防控
核酸 → 核酸检测  # PCR testing
阳性 → 感染者, 病例  # a positive test means cases
流感 → 流感疫苗  # influenza questions are mostly about flu vaccination
传染病 → 传染病防控  # communicable disease control
抗生素 → 抗菌药物  # antibiotics are 抗菌药物 in regulation
消炎药 → 抗菌药物  # colloquial "anti-inflammatory" pills usually mean antibiotics
乱用 → 合理应用, 合理用药  # misuse is answered by rational-use rules
滥用 → 合理应用, 合理用药  # abuse of drugs, same rules
药价 → 药品价格, 集中采购  # drug prices: pricing and volume-based procurement
药费 → 药品, 药占比  # drug spending: drug share of revenue
买药 → 药品, 药房  # buying medicine
看病贵 → 医疗费用, 控费  # expensive care: cost control
评副高 → 高级职称, 职称  # applying for associate senior title
评正高 → 高级职称, 职称  # applying for full senior title
副高 → 高级职称  # associate senior professional title
正高 → 高级职称  # full senior professional title
评职称 → 职称, 职称评审  # professional title evaluation
大医院 → 总院, 三级医院, 公立医院  # "big hospitals": tertiary and public hospitals, the head hospital of a group
下基层 → 基层, 下沉, 驻点  # going down to primary care: 下沉, 驻点
医生不够 → 人才, 医务人员  # staff shortage is a talent question
缺医生 → 人才, 医务人员  # staff shortage is a talent question
招人 → 招聘, 引进  # hiring: recruitment and talent introduction
工资 → 薪酬  # pay is 薪酬 in plans
待遇 → 薪酬, 激励  # benefits: pay and incentives
护士 → 护理, 护士  # nurses: nursing services
专家 → 专家, 人才  # experts are counted as talent
血压 → 高血压, 三高  # blood pressure: hypertension management
血糖 → 高血糖, 糖尿病, 三高  # blood sugar: diabetes management
血脂 → 高血脂, 三高  # blood lipids: hyperlipidaemia
老人 → 老年人  # the elderly
小孩 → 儿童  # children
孩子 → 儿童, 学生  # children, pupils
娃 → 儿童, 婴幼儿  # colloquial for small children
孕妇 → 孕产妇  # pregnant women: maternal health
生孩子 → 生育, 分娩, 孕产妇  # childbirth
带娃 → 托育  # childcare
托儿 → 托育  # childcare services
养老 → 医养结合, 老年  # elderly care: integrated medical and elderly care
牙 → 口腔, 窝沟封闭  # teeth: oral health, sealants
精神病 → 精神卫生, 严重精神障碍  # mental illness: mental health services
抑郁 → 心理健康, 精神卫生  # depression: mental health
抽烟 → 控烟, 吸烟  # smoking: tobacco control
禁烟 → 控烟  # smoking bans: tobacco control
癌症 → 癌症, 肿瘤  # cancer, tumours
体检 → 健康体检, 健康管理  # check-ups: health examinations
献血 → 无偿献血, 血站, 血液  # blood donation
职业病 → 职业健康, 职业病  # occupational disease: occupational health
值班 → 值守, 值班  # duty rosters: 值守
节假日 → 节假日, 值守  # holidays: holiday duty
看病 → 就医, 诊疗  # seeing a doctor
挂号 → 预约诊疗, 预约  # registration: appointment booking
排队 → 预约, 便民  # queues: appointments and convenience measures
网上看病 → 互联网医院, 互联网+医疗健康  # online consultations
线上 → 互联网, 线上  # online services
救护车 → 院前急救, 急救  # ambulances: pre-hospital emergency care
急救 → 急救, aed  # first aid: emergency care, defibrillators
社区医院 → 社康中心, 社区卫生服务中心, 社区医院  # community clinics go by several names
社康 → 社康中心, 社区健康服务  # Shenzhen's community health centres
家医 → 家庭医生  # short for family doctors
签约 → 家庭医生签约  # signing up with a family doctor
报销 → 医保, 支付  # reimbursement: medical insurance
医闹 → 医疗纠纷, 平安医院  # violence at hospitals: disputes and safe-hospital work
红包 → 医德医风, 廉洁  # envelopes to doctors: professional ethics
回扣 → 医药回扣, 廉洁  # kickbacks
中医 → 中医药  # traditional Chinese medicine
花钱 → 投入, 经费, 财政  # spending: funding and budgets
盖医院 → 医院建设, 新建, 项目  # building hospitals: construction projects
建医院 → 医院建设, 新建, 项目  # building hospitals
床位 → 床位, 病床  # beds
病床 → 床位  # hospital beds
食品 → 食品安全  # food: food safety
喝的水 → 饮用水, 水质  # drinking water quality
`;

const TABLE = new Map<string, string[]>(
  ENTRIES.trim()
    .split('\n')
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter(Boolean)
    .map((line) => {
      const [word, official] = line.split('→').map((x) => x.trim());
      return [
        word!,
        official!
          .split(',')
          .map((o) => o.trim())
          .filter(Boolean),
      ] as const;
    }),
);

/** Every entry with its note, for tests and docs. */
export function thesaurusEntries(): Array<{ word: string; official: string[]; note: string }> {
  return ENTRIES.trim()
    .split('\n')
    .filter((l) => l.includes('→'))
    .map((line) => {
      const [entry, note = ''] = line.split('#');
      const [word, official] = entry!.split('→').map((x) => x.trim());
      return { word: word!, official: official!.split(',').map((o) => o.trim()), note: note.trim() };
    });
}

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
