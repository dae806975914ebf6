import type { ApiErrorCode, AreaSource, UnitKind } from '../api'

/**
 * The Chinese catalogue is the reference: its shape is the `Catalogue` type that every other language must
 * match key for key (en.ts is typed with it, so a missing or extra key does not compile).
 */
const zhCN = {
  appName: '共决',
  languageGroup: '语言',
  loading: '正在加载…',
  retry: '重试',
  backHome: '返回首页',
  listSeparator: '、',
  errors: {
    estate_not_found: '找不到这个小区。请检查网址，或返回首页选择小区。',
    not_found: '找不到您要的内容。',
    invalid_request: '网址或查询条件有误，请返回首页重新选择。',
    network: '网络连接失败，请检查网络后重试。',
    unexpected: '服务器暂时出错，请稍后重试。',
  } satisfies Record<ApiErrorCode, string>,
  home: {
    title: '小区列表',
    heading: '小区',
    intro: '选择您的小区，查看公示的业主名册。',
    empty: '还没有小区。',
    openRoll: '查看公示名册',
  },
  notFound: {
    title: '找不到页面',
    body: '这个网址没有对应的页面。',
  },
  roll: {
    title: (estate: string) => `${estate} 公示名册`,
    heading: '公示名册',
    purpose:
      '业主大会召开前，业主名册在此公示。请核对您房屋的房号、面积和面积依据是否正确。为保护隐私，业主姓名只显示第一个字。',
    objection: '如有错误，请向召集人（筹备组或业主委员会）提出异议。网上提出异议的功能稍后推出。',
    totalsHeading: '全小区合计',
    totalUnits: '户数',
    totalHeads: '票权人数',
    totalArea: '计入面积',
    parking: '车位',
    parkingCounted: '计入面积和票权',
    parkingNotCounted: '不计入面积和票权',
    headsNote: '同一业主的多套房屋只算一个票权人；建设单位持有的房屋合计算一个票权人。',
    filterHeading: '查找房屋',
    building: '楼栋',
    allBuildings: '全部楼栋',
    buildingOption: (name: string, units: number) => `${name}（${units} 户）`,
    search: '房号',
    searchHint: '输入房号的一部分，例如 1-1-101',
    searchButton: '搜索',
    matched: (matched: string, shown: string) => `找到 ${matched} 户，已显示 ${shown} 户`,
    noMatch: '没有符合条件的房屋。',
    loadMore: (count: number) => `再显示 ${count} 户`,
    download: '下载完整名册（CSV）',
    downloadHint: 'CSV 表格可以用 Excel 或 WPS 打开。',
    unitsHeading: '房屋',
    area: (area: string) => `${area} ㎡`,
    areaWithSource: (area: string, source: string) => `${area} ㎡（${source}）`,
    unitBuilding: '楼栋',
    unitArea: '面积',
    unitOwners: '业主',
    developer: '建设单位',
    kind: {
      residence: '住宅',
      shop: '商铺',
      parking: '车位',
      other: '其他',
    } satisfies Record<UnitKind, string>,
    areaSource: {
      register: '登记面积',
      survey: '实测面积',
      contract: '合同面积',
    } satisfies Record<AreaSource, string>,
  },
}

export type Catalogue = typeof zhCN
export default zhCN
