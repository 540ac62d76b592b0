/**
 * Characters people mistype in the place names of 示范市, each with what they write instead: a
 * homophone chosen by a pinyin input method (人→仁, 溪→西) or a look-alike copied by eye (金→全,
 * 设→没). Only the messy register uses this table to misspell names; the matching engine does not
 * know it, so the benchmark measures how the engine copes with typos it has never been told about.
 */
const TABLE = `
人仁入 民敏 建健键 设社没 解介 放方仿 新心欣 华化花 东冬栋 城成诚 西希 工公功 业叶页 兴星 振震 环还坏
市是示 育玉郁 才材财 文闻纹 明名鸣 和禾合 平苹评 富福副 宏洪红 图途涂 金今全 龙隆笼 银寅 湖胡糊 滨宾槟
江姜汪 创仓闯 科课料 技枝伎 同铜桐 心芯 团囤 结洁节 光广 迎营盈 宾滨斌 青清晴 年念 学雪穴 府付俯 健建键
康慷糠 繁凡番 荣容蓉 幸辛杏 福富副 莞菀完 樟章漳 长常场 松淞嵩 榕容蓉 树数术 荔历利 枝支技 凤风奉 凰皇
黄皇簧 沿延铅 河何合 沙砂纱 园圆源 石时实 安按鞍 南楠男 北背 上尚 下夏 大太 小晓 桥侨乔 塘唐糖 岭领玲
田甜由 山衫杉 竹竺筑 梅媒霉 兰蓝栏 桂贵挂 柏伯帕 莲连链 水永 白百自 溪西希 坑炕吭 头投 步埗布 涌勇踊
沥历坜 边编变 朗郎浪 岗冈刚 洲州舟 埔浦铺 围圩伟 厦夏 墩敦蹲 基机箕 冲充仲 圳训 背贝倍 尾伟委 横衡恒
鹤贺赫 蓬篷逢 茶查荼 麻马嘛 口扣 洪红宏 望旺 牛扭 高膏糕 埗步 谢榭 常长尝 虎唬琥 泉全 企起 寮辽僚`;

export const CONFUSIONS: ReadonlyMap<string, readonly string[]> = new Map(
  TABLE.trim()
    .split(/\s+/)
    .map((entry) => {
      const [character, ...instead] = [...entry];
      return [character!, instead] as const;
    }),
);
