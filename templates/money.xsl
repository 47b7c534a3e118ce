<?xml version="1.0" encoding="UTF-8"?>
<!-- Money pages beside panel.xsl (included by it): an issued document (invoice.edit with elid)
     is shown as the document, with its lines and a PDF link, not as a form: it never changes. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:template match="doc" mode="document">
    <section class="document card" id="document">
      <p class="meta">
        <strong id="document-number"><xsl:value-of select="number"/></strong>
        · <xsl:call-template name="label"><xsl:with-param name="name" select="'issued'"/></xsl:call-template>
        <xsl:text> </xsl:text><xsl:value-of select="issued"/>
        · <xsl:value-of select="period_start"/>
        <xsl:if test="period_end != period_start"> – <xsl:value-of select="period_end"/></xsl:if>
      </p>
      <div class="parties">
        <div id="seller">
          <h3><xsl:call-template name="label"><xsl:with-param name="name" select="'seller'"/></xsl:call-template></h3>
          <p><xsl:value-of select="seller"/><br/><xsl:value-of select="seller_address"/></p>
        </div>
        <div id="buyer">
          <h3><xsl:call-template name="label"><xsl:with-param name="name" select="'buyer'"/></xsl:call-template></h3>
          <p><xsl:value-of select="buyer"/> (<xsl:value-of select="account"/>)<br/><xsl:value-of select="buyer_address"/></p>
        </div>
      </div>
      <div class="scroll">
        <table class="list" id="lines">
          <thead>
            <tr>
              <th><xsl:call-template name="label"><xsl:with-param name="name" select="'description'"/></xsl:call-template></th>
              <th><xsl:call-template name="label"><xsl:with-param name="name" select="'line_period'"/></xsl:call-template></th>
              <th class="num"><xsl:call-template name="label"><xsl:with-param name="name" select="'quantity'"/></xsl:call-template></th>
              <th class="num"><xsl:call-template name="label"><xsl:with-param name="name" select="'amount'"/></xsl:call-template></th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="line">
              <tr>
                <td><xsl:value-of select="description"/></td>
                <td><xsl:value-of select="period"/></td>
                <td class="num"><xsl:value-of select="quantity"/></td>
                <td class="num"><xsl:value-of select="amount"/></td>
              </tr>
            </xsl:for-each>
          </tbody>
          <tfoot>
            <tr>
              <th colspan="3"><xsl:call-template name="label"><xsl:with-param name="name" select="'total'"/></xsl:call-template></th>
              <td class="num" id="document-total"><xsl:value-of select="concat(total, ' ', currency)"/></td>
            </tr>
          </tfoot>
        </table>
      </div>
      <p class="hint">
        <xsl:call-template name="label"><xsl:with-param name="name" select="'opening_balance'"/></xsl:call-template>
        <xsl:value-of select="concat(' ', opening_balance, ' → ')"/>
        <xsl:call-template name="label"><xsl:with-param name="name" select="'closing_balance'"/></xsl:call-template>
        <xsl:value-of select="concat(' ', closing_balance, ' ', currency)"/>
      </p>
      <div class="actions">
        <a class="button primary" id="download" href="{$panel}?func=invoice.download&amp;elid={elid}">
          <xsl:call-template name="label"><xsl:with-param name="name" select="'download'"/></xsl:call-template>
        </a>
        <a class="button" href="{$panel}?func=invoice" id="back">
          <xsl:call-template name="label"><xsl:with-param name="name" select="'cancel'"/></xsl:call-template>
        </a>
      </div>
    </section>
  </xsl:template>

</xsl:stylesheet>
