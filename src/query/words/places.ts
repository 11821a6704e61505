/**
 * Place names a question may use for a region the corpus has no plan of. A name with an administrative suffix
 * (坪山区, 佛山市, 某某县) is recognised by its shape; the bare names below are the ones people type without a
 * suffix (北京, 福田): provinces, large cities, Guangdong's cities and Shenzhen's and Guangzhou's districts.
 */
export const BARE_PLACE_NAMES: readonly string[] = (
  '北京 上海 天津 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 海南 四川 贵州 云南 ' +
  '陕西 甘肃 青海 台湾 内蒙古 广西 西藏 宁夏 新疆 香港 澳门 ' +
  '广州 深圳 珠海 汕头 佛山 韶关 湛江 肇庆 江门 茂名 惠州 梅州 汕尾 河源 阳江 清远 东莞 中山 潮州 揭阳 云浮 ' +
  '杭州 宁波 温州 南京 苏州 无锡 成都 武汉 西安 长沙 郑州 济南 青岛 厦门 福州 合肥 南昌 昆明 贵阳 南宁 海口 沈阳 大连 哈尔滨 长春 石家庄 太原 兰州 ' +
  '福田 罗湖 南山 盐田 宝安 龙岗 龙华 坪山 光明 大鹏 前海 ' +
  '越秀 海珠 荔湾 天河 白云 黄埔 番禺 花都 南沙 从化 增城 鄞州'
).split(/\s+/);

/** An administrative suffix; the two to four Han characters before it may be a place name (坪山区, 佛山市). */
export const ADMIN_SUFFIX = /(特别行政区|自治区|自治州|新区|市|区|县)/gu;

/** Characters that end a name's candidate span: function words and pronouns never sit inside a place name. */
export const NOT_IN_A_NAME = /[和的在与及或是了要把对为各全本该我这那里有个们到去从给让被向就都也还]/u;

/** A suffix followed by one of these is an adjective or another word (区级, 市属, 县域, 市场). */
export const NOT_A_PLACE_AFTER = /[级域属内场民直委政长]/u;

/** Words of that shape that are not places (社区, 全市, 辖区…). */
export const NOT_PLACES = new Set([
  '社区',
  '小区',
  '园区',
  '片区',
  '城区',
  '市区',
  '郊区',
  '景区',
  '校区',
  '院区',
  '全区',
  '各区',
  '本区',
  '辖区',
  '该区',
  '我区',
  '区域',
  '全市',
  '各市',
  '本市',
  '我市',
  '该市',
  '城市',
  '超市',
  '上市',
  '门市',
  '市场',
  '市民',
  '全县',
  '各县',
  '本县',
  '新区',
  '医区',
  '病区',
  '诊区',
]);
