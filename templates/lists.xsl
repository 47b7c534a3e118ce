<?xml version="1.0" encoding="UTF-8"?>
<!-- Lists (rows, indicators, paging, filters) of the browser panel, included by panel.xsl (its variables, keys and named templates
     are shared: $panel, $func, $page, key('msg'), label, keep, csrf, error-box). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:str="http://exslt.org/strings" extension-element-prefixes="str">
  <!-- ===== lists ===== -->
  <xsl:template name="list">
    <xsl:variable name="meta" select="metadata[@name = $func]"/>
    <xsl:variable name="key" select="$meta/@key"/>
    <xsl:variable name="toolbar" select="$meta/toolbar/toolbtn"/>
    <h1><xsl:call-template name="title"/></h1>
    <xsl:call-template name="error-box"/>
    <xsl:apply-templates select="metadata[@name = concat($func, '.filter')]" mode="filter"/>
    <!-- A list with a chart (report): the picture is drawn on the server, an SVG image. -->
    <xsl:if test="$meta/@chart and not(error) and not(/page/params/period)">
      <img class="chart" id="chart" alt="">
        <xsl:attribute name="src">
          <xsl:value-of select="concat($panel, '?func=', $meta/@chart)"/>
          <xsl:for-each select="/page/params/elid"><xsl:value-of select="concat('&amp;elid=', str:encode-uri(string(.), true()))"/></xsl:for-each>
        </xsl:attribute>
      </img>
    </xsl:if>

    <!-- A list's heading (<heading> in its metadata): figures the reply gives beside its rows
         (a reseller's licences held, unused, their cost a month), each only when it is there, in
         the reply's order. -->
    <xsl:if test="$meta/heading and not(error)">
      <p class="heading" id="list-heading">
        <xsl:for-each select="doc/*[name() = $meta/heading/item/@name]">
          <span id="heading-{name()}"><xsl:call-template name="label"><xsl:with-param name="name" select="concat('heading_', name())"/></xsl:call-template><xsl:text>: </xsl:text><strong><xsl:value-of select="."/></strong></span>
          <xsl:if test="position() != last()"><xsl:text> · </xsl:text></xsl:if>
        </xsl:for-each>
      </p>
    </xsl:if>

    <form method="post" action="{$panel}" id="list-form">
      <xsl:call-template name="csrf"/>
      <!-- A nested list (a client's services): its parent goes with every action on its rows. -->
      <xsl:if test="string(doc/plid) != ''"><input type="hidden" name="plid" value="{doc/plid}"/></xsl:if>
      <xsl:if test="$toolbar">
        <div class="toolbar" role="toolbar">
          <!-- The list's filter is the form above it: no second way to it in the toolbar. -->
          <xsl:for-each select="$toolbar[not(substring(@func, string-length(@func) - 6) = '.filter')]">
            <xsl:variable name="text"><xsl:call-template name="label"><xsl:with-param name="name" select="@name"/></xsl:call-template></xsl:variable>
            <xsl:choose>
              <xsl:when test="@type = 'new'">
                <a class="button" href="{$panel}?func={@func}" id="tb-{@name}"><xsl:value-of select="$text"/></a>
              </xsl:when>
              <!-- A view of the same rows (a CSV of a report): the list's own elid and period. -->
              <xsl:when test="@type = 'view'">
                <a class="button" id="tb-{@name}">
                  <xsl:attribute name="href">
                    <xsl:value-of select="concat($panel, '?func=', @func)"/>
                    <xsl:for-each select="/page/params/elid | /page/params/period">
                      <xsl:value-of select="concat('&amp;', name(), '=', str:encode-uri(string(.), true()))"/>
                    </xsl:for-each>
                  </xsl:attribute>
                  <xsl:value-of select="$text"/>
                </a>
              </xsl:when>
              <xsl:otherwise>
                <button type="submit" name="func" value="{@func}" id="tb-{@name}" data-type="{@type}">
                  <xsl:if test="@confirm = 'yes'"><xsl:attribute name="class">danger</xsl:attribute></xsl:if>
                  <xsl:value-of select="$text"/>
                </button>
              </xsl:otherwise>
            </xsl:choose>
          </xsl:for-each>
        </div>
      </xsl:if>
      <div class="table-wrap">
      <table class="list" id="list">
        <thead>
          <tr>
            <xsl:if test="$toolbar">
              <th class="select"><input type="checkbox" class="select-all" hidden="hidden" aria-label="all"/></th>
            </xsl:if>
            <xsl:for-each select="$meta/coldata/col">
              <xsl:variable name="sorted" select="/page/doc/p_sort = @name"/>
              <xsl:variable name="order">
                <xsl:choose>
                  <xsl:when test="$sorted and /page/doc/p_order = 'asc'">desc</xsl:when>
                  <xsl:otherwise>asc</xsl:otherwise>
                </xsl:choose>
              </xsl:variable>
              <th class="col-{@type}">
                <xsl:choose>
                  <xsl:when test="/page/doc/p_sort">
                    <a>
                      <xsl:attribute name="href">
                        <xsl:value-of select="concat($panel, '?func=', $func, '&amp;p_sort=', @name, '&amp;p_order=', $order)"/>
                        <xsl:call-template name="keep"><xsl:with-param name="except" select="'|p_sort|p_order|'"/></xsl:call-template>
                      </xsl:attribute>
                      <xsl:if test="$sorted"><xsl:attribute name="class">sorted <xsl:value-of select="/page/doc/p_order"/></xsl:attribute></xsl:if>
                      <xsl:call-template name="label"><xsl:with-param name="name" select="@name"/></xsl:call-template>
                    </a>
                  </xsl:when>
                  <xsl:otherwise><xsl:call-template name="label"><xsl:with-param name="name" select="@name"/></xsl:call-template></xsl:otherwise>
                </xsl:choose>
              </th>
            </xsl:for-each>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="doc/elem">
            <xsl:variable name="row" select="."/>
            <xsl:variable name="id" select="string(*[name() = $key])"/>
            <tr data-key="{$id}">
              <xsl:if test="disabled"><xsl:attribute name="class">suspended</xsl:attribute></xsl:if>
              <xsl:if test="$toolbar">
                <td class="select"><input type="checkbox" name="elid" value="{$id}" aria-label="{$id}"/></td>
              </xsl:if>
              <xsl:for-each select="$meta/coldata/col">
                <xsl:variable name="cell" select="$row/*[name() = current()/@name]"/>
                <td class="col-{@type}" data-col="{@name}">
                  <xsl:choose>
                    <xsl:when test="@type = 'indicator'"><xsl:call-template name="indicator"><xsl:with-param name="cell" select="$cell"/></xsl:call-template></xsl:when>
                    <xsl:when test="@type = 'prop'"><xsl:call-template name="prop"><xsl:with-param name="cell" select="$cell"/><xsl:with-param name="id" select="$id"/><xsl:with-param name="toolbar" select="$toolbar"/></xsl:call-template></xsl:when>
                    <xsl:when test="@labels = 'yes' or @labels = 'some'">
                      <!-- value_<v> names the value in the page's language; else the value. A
                           column of enumerations (yes) has a message for every value; one of
                           data with a few known values (some: audit entries, a statement's
                           other side) shows the others as they are. -->
                      <xsl:variable name="labelled"><xsl:call-template name="label"><xsl:with-param name="name" select="concat('value_', $cell)"/></xsl:call-template></xsl:variable>
                      <!-- A value without a message is marked, so a test finds it (issue 20). -->
                      <xsl:choose>
                        <xsl:when test="string($cell) = ''"/>
                        <xsl:when test="$labelled = concat('value_', $cell) and @labels = 'some'"><xsl:value-of select="$cell"/></xsl:when>
                        <xsl:when test="$labelled = concat('value_', $cell)"><span data-unlabelled="{$cell}"><xsl:value-of select="$cell"/></span></xsl:when>
                        <xsl:otherwise><span title="{$cell}"><xsl:value-of select="$labelled"/></span></xsl:otherwise>
                      </xsl:choose>
                    </xsl:when>
                    <xsl:when test="@name = $key and $toolbar[@default = 'yes']">
                      <!-- The default button for this row: one made for its kind, else the first. -->
                      <xsl:variable name="kind" select="string($row/kind)"/>
                      <xsl:variable name="open" select="($toolbar[@default = 'yes' and @kind = $kind] | $toolbar[@default = 'yes' and not(@kind)])[1]"/>
                      <a href="{$panel}?func={$open/@func}&amp;elid={str:encode-uri($id, true())}"><xsl:value-of select="$cell"/></a>
                    </xsl:when>
                    <xsl:otherwise><xsl:value-of select="$cell"/></xsl:otherwise>
                  </xsl:choose>
                </td>
              </xsl:for-each>
            </tr>
          </xsl:for-each>
          <xsl:if test="not(doc/elem)">
            <tr class="empty"><td colspan="{count($meta/coldata/col) + 1}"><xsl:call-template name="label"><xsl:with-param name="name" select="'no_rows'"/></xsl:call-template></td></tr>
          </xsl:if>
        </tbody>
      </table>
      </div>
    </form>
    <!-- The on/off toggles post through these (a row's button names its key). -->
    <xsl:for-each select="$toolbar[@img = 't-off' or @img = 't-on']">
      <form method="post" action="{$panel}" id="toggle-{@img}" class="hidden-form">
        <input type="hidden" name="func" value="{@func}"/>
        <xsl:call-template name="csrf"/>
      </form>
    </xsl:for-each>
    <xsl:call-template name="pager"/>
    <!-- The same rows for a spreadsheet (out=csv), with the list's sorting and filter. -->
    <p class="export">
      <a id="export-csv">
        <xsl:attribute name="href">
          <xsl:value-of select="concat($panel, '?func=', $func, '&amp;out=csv&amp;p_cnt=1000')"/>
          <xsl:call-template name="keep"><xsl:with-param name="except" select="'|p_cnt|'"/></xsl:call-template>
          <xsl:for-each select="/page/params/elid"><xsl:value-of select="concat('&amp;elid=', str:encode-uri(string(.), true()))"/></xsl:for-each>
        </xsl:attribute>
        <xsl:call-template name="label"><xsl:with-param name="name" select="'export_csv'"/></xsl:call-template>
      </a>
    </p>
  </xsl:template>

  <!-- A size in MiB as people read it: 512 MiB, 1.5 GiB, 2 TiB. -->
  <xsl:template name="mib">
    <xsl:param name="v"/>
    <xsl:choose>
      <xsl:when test="number($v) &gt;= 1048576"><xsl:value-of select="format-number($v div 1048576, '0.##')"/> TiB</xsl:when>
      <xsl:when test="number($v) &gt;= 1024"><xsl:value-of select="format-number($v div 1024, '0.##')"/> GiB</xsl:when>
      <xsl:otherwise><xsl:value-of select="$v"/> MiB</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="indicator">
    <xsl:param name="cell"/>
    <xsl:variable name="over" select="string($cell/@limit) != '' and number($cell/@used) &gt; number($cell/@limit)"/>
    <xsl:if test="string($cell/@limit) != '' and number($cell/@limit) &gt; 0">
      <meter min="0" max="{$cell/@limit}" value="{$cell/@used}" high="{$cell/@limit * 0.9}" optimum="0">
        <xsl:if test="$over"><xsl:attribute name="class">over</xsl:attribute></xsl:if>
        <xsl:value-of select="$cell"/>
      </meter>
    </xsl:if>
    <xsl:choose>
      <!-- Disk and traffic in the units people read (the API keeps MiB: it is in the title). -->
      <xsl:when test="(name($cell) = 'quota' or name($cell) = 'traffic') and $cell/@used">
        <span class="usage" title="{$cell} MiB">
          <xsl:call-template name="mib"><xsl:with-param name="v" select="$cell/@used"/></xsl:call-template>
          <xsl:text> / </xsl:text>
          <xsl:choose>
            <xsl:when test="string($cell/@limit) != ''"><xsl:call-template name="mib"><xsl:with-param name="v" select="$cell/@limit"/></xsl:call-template></xsl:when>
            <xsl:when test="string($cell/@owner_limit) != ''">≤ <xsl:call-template name="mib"><xsl:with-param name="v" select="$cell/@owner_limit"/></xsl:call-template></xsl:when>
            <xsl:otherwise>∞</xsl:otherwise>
          </xsl:choose>
        </span>
      </xsl:when>
      <xsl:otherwise><span class="usage"><xsl:value-of select="$cell"/></span></xsl:otherwise>
    </xsl:choose>
    <xsl:if test="$over">
      <span class="badge over"><xsl:call-template name="label"><xsl:with-param name="name" select="'over_limit'"/></xsl:call-template></span>
    </xsl:if>
    <!-- No limit of its own: bounded by what its owner has (owner_limit). -->
    <xsl:if test="$cell/@owner_limit">
      <small class="bound"><xsl:call-template name="label"><xsl:with-param name="name" select="'up_to_owner'"/></xsl:call-template></small>
    </xsl:if>
  </xsl:template>

  <xsl:template name="prop">
    <xsl:param name="cell"/>
    <xsl:param name="id"/>
    <xsl:param name="toolbar"/>
    <xsl:variable name="on" select="string($cell) = 'on'"/>
    <xsl:variable name="turn" select="$toolbar[($on and @img = 't-off') or (not($on) and @img = 't-on')]"/>
    <!-- value_<v> labels the value; a value without one is shown as it is. -->
    <xsl:variable name="labelled"><xsl:call-template name="label"><xsl:with-param name="name" select="concat('value_', $cell)"/></xsl:call-template></xsl:variable>
    <xsl:variable name="text">
      <xsl:choose>
        <xsl:when test="$labelled = concat('value_', $cell)"><xsl:value-of select="$cell"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$labelled"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="$turn and (string($cell) = 'on' or string($cell) = 'off')">
        <button type="submit" form="toggle-{$turn/@img}" name="elid" value="{$id}" class="toggle {$cell}" id="toggle-{$id}">
          <xsl:if test="$labelled = concat('value_', $cell)"><xsl:attribute name="data-unlabelled"><xsl:value-of select="$cell"/></xsl:attribute></xsl:if>
          <xsl:attribute name="title"><xsl:call-template name="label"><xsl:with-param name="name" select="$turn/@name"/></xsl:call-template></xsl:attribute>
          <xsl:value-of select="$text"/>
        </button>
      </xsl:when>
      <xsl:otherwise><span class="badge {$cell}">
        <xsl:if test="string($cell) != '' and $labelled = concat('value_', $cell)"><xsl:attribute name="data-unlabelled"><xsl:value-of select="$cell"/></xsl:attribute></xsl:if>
        <xsl:value-of select="$text"/></span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="pager">
    <xsl:variable name="total" select="number(doc/p_elems)"/>
    <xsl:variable name="count" select="number(doc/p_cnt)"/>
    <xsl:variable name="num" select="number(doc/p_num)"/>
    <xsl:if test="doc/p_elems and $count &gt; 0">
      <xsl:variable name="pages" select="ceiling($total div $count)"/>
      <nav class="pager" aria-label="pages">
        <xsl:if test="$num &gt; 1">
          <a rel="prev">
            <xsl:attribute name="href">
              <xsl:value-of select="concat($panel, '?func=', $func, '&amp;p_num=', $num - 1)"/>
              <xsl:call-template name="keep"/>
            </xsl:attribute>
            <xsl:text>← </xsl:text>
            <xsl:call-template name="label"><xsl:with-param name="name" select="'prev'"/></xsl:call-template>
          </a>
        </xsl:if>
        <span class="position">
          <xsl:value-of select="($num - 1) * $count + number($total &gt; 0)"/>–<xsl:value-of select="(($num * $count &gt; $total) * $total) + (($num * $count &lt;= $total) * $num * $count)"/>
          <xsl:text> </xsl:text>
          <xsl:call-template name="label"><xsl:with-param name="name" select="'of'"/></xsl:call-template>
          <xsl:text> </xsl:text>
          <span id="total"><xsl:value-of select="$total"/></span>
        </span>
        <xsl:if test="$num &lt; $pages">
          <a rel="next">
            <xsl:attribute name="href">
              <xsl:value-of select="concat($panel, '?func=', $func, '&amp;p_num=', $num + 1)"/>
              <xsl:call-template name="keep"/>
            </xsl:attribute>
            <xsl:call-template name="label"><xsl:with-param name="name" select="'next'"/></xsl:call-template>
            <xsl:text> →</xsl:text>
          </a>
        </xsl:if>
      </nav>
    </xsl:if>
  </xsl:template>

  <!-- A list's filter (<list>.filter metadata) as a GET form: nothing changes, so no token. -->
  <xsl:template match="metadata" mode="filter">
    <form method="get" action="{$panel}" class="filter" id="filter-form">
      <input type="hidden" name="func" value="{$func}"/>
      <xsl:for-each select="form//field">
        <xsl:variable name="control" select="*[1]"/>
        <label>
          <span><xsl:call-template name="label"><xsl:with-param name="name" select="concat('filter_', @name)"/></xsl:call-template></span>
          <xsl:choose>
            <xsl:when test="local-name($control) = 'select'">
              <select name="{@name}">
                <xsl:call-template name="options">
                  <xsl:with-param name="name" select="@name"/>
                  <xsl:with-param name="control" select="$control"/>
                  <xsl:with-param name="value" select="string(/page/params/*[name() = current()/@name])"/>
                </xsl:call-template>
              </select>
            </xsl:when>
            <xsl:otherwise>
              <input type="text" name="{@name}" value="{/page/params/*[name() = current()/@name]}" maxlength="{$control/@maxlength}"/>
            </xsl:otherwise>
          </xsl:choose>
        </label>
      </xsl:for-each>
      <button type="submit"><xsl:call-template name="label"><xsl:with-param name="name" select="'apply_filter'"/></xsl:call-template></button>
      <!-- Empty fields override a filter saved with <list>.filter. -->
      <a id="filter-reset">
        <xsl:attribute name="href">
          <xsl:value-of select="concat($panel, '?func=', $func)"/>
          <xsl:for-each select="form//field"><xsl:value-of select="concat('&amp;', @name, '=')"/></xsl:for-each>
        </xsl:attribute>
        <xsl:call-template name="label"><xsl:with-param name="name" select="'reset_filter'"/></xsl:call-template>
      </a>
    </form>
  </xsl:template>

</xsl:stylesheet>
